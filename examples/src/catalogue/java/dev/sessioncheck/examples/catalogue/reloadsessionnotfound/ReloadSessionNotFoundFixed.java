/*
 * Catalogue: reload-session-not-found (the fix)
 *
 * Failure: express-session's `req.session.reload(cb)` on a session that is gone from the store;
 * code that ignores the error acts for a user who has logged out.
 *
 * At run time: a session that is gone is answered with 401 and no transfer happens; a store
 * failure with 503; only a successful reload proceeds, with the data as the store has it now.
 *
 * Fix: look at the ReloadResult, whose cases tell "gone" (NotFound) from "store down"
 * (StoreFailure), which express's single `err` cannot.
 */
package dev.sessioncheck.examples.catalogue.reloadsessionnotfound;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.ReloadResult;
import dev.sessioncheck.runtime.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class ReloadSessionNotFoundFixed {
  /** Moves money; stands for any action that must not run for a logged-out user. */
  interface Bank {
    void transfer(String user, long cents);
  }

  private ReloadSessionNotFoundFixed() {}

  /** POST /transfer: re-read the session first, the user may have logged out elsewhere. */
  static void transfer(HttpExchange exchange, Session session, Bank bank, long cents)
      throws IOException {
    ReloadResult fresh = session.reload();
    if (fresh instanceof ReloadResult.NotFound) {
      send(exchange, 401, "you have been logged out; log in again");
      return;
    }
    if (fresh instanceof ReloadResult.StoreFailure) {
      send(exchange, 503, "please try again in a moment");
      return;
    }
    String user = session.get("user");
    if (user == null) {
      send(exchange, 401, "log in first");
      return;
    }
    bank.transfer(user, cents);
    send(exchange, 200, "done");
  }

  /** The same with the callback form. */
  static void transferLater(HttpExchange exchange, Session session, Bank bank, long cents) {
    session.reload(problem -> {
      if (problem instanceof ReloadResult.NotFound) {
        sendUnchecked(exchange, 401, "you have been logged out; log in again");
        return;
      }
      if (problem != null) {
        sendUnchecked(exchange, 503, "please try again in a moment");
        return;
      }
      String user = session.get("user");
      if (user == null) {
        sendUnchecked(exchange, 401, "log in first");
        return;
      }
      bank.transfer(user, cents);
      sendUnchecked(exchange, 200, "done");
    });
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sendUnchecked(HttpExchange exchange, int status, String text) {
    try {
      send(exchange, status, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

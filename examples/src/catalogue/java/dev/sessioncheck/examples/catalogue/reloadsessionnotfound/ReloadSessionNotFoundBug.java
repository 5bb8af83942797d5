/*
 * Catalogue: reload-session-not-found (the bug)
 *
 * Failure: express-session's `req.session.reload(cb)` when the session is gone from the store
 * (logged out in another tab, ended by an admin, expired): the callback gets
 * `Error('failed to load session')`, the same kind of error as a store failure, and code that
 * ignores it carries on with the request's stale copy of the session.
 *
 * At run time without the checker: a user who logged out in another tab, or whose sessions an
 * admin ended after a password reset, can still make a transfer from a page that was already
 * open: the reload found nothing, the in-memory session still says who they were.
 *
 * Fix: ReloadSessionNotFoundFixed looks at the ReloadResult: NotFound answers 401 (logged out),
 * StoreFailure 503 (try again), and only Reloaded goes on, with fresh data.
 */
package dev.sessioncheck.examples.catalogue.reloadsessionnotfound;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class ReloadSessionNotFoundBug {
  private static final System.Logger LOG = System.getLogger("app.bank");

  /** Moves money; stands for any action that must not run for a logged-out user. */
  interface Bank {
    void transfer(String user, long cents);
  }

  private ReloadSessionNotFoundBug() {}

  /** POST /transfer: re-read the session first, the user may have logged out elsewhere. */
  static void transfer(HttpExchange exchange, Session session, Bank bank, long cents)
      throws IOException {
    session.reload(); // expect: unchecked-result
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
    session.reload(problem -> { // expect: unchecked-error
      LOG.log(System.Logger.Level.DEBUG, "session reloaded");
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

/*
 * Catalogue: reload-store-error (the fix)
 *
 * Failure: express-session's `req.session.reload(cb)` while the store is down, with `err`
 * ignored: stale data passes for fresh.
 *
 * At run time: a store failure during the wait is answered at once with 503 and a message that
 * the payment state is unknown (so the customer does not pay twice); the settings page refuses to
 * show anything it could not re-read; a session that is gone is answered with 401.
 *
 * Fix: look at the ReloadResult (or the callback's problem) on every path, and treat StoreFailure
 * as "unknown", never as "unchanged" nor as "logged out".
 */
package dev.sessioncheck.examples.catalogue.reloadstoreerror;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.ReloadResult;
import dev.sessioncheck.runtime.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class ReloadStoreErrorFixed {
  private ReloadStoreErrorFixed() {}

  /** GET /order/status: waits up to ten seconds for the payment to be confirmed. */
  static void awaitPayment(HttpExchange exchange, Session session)
      throws IOException, InterruptedException {
    for (int i = 0; i < 20; i++) {
      ReloadResult fresh = session.reload();
      if (fresh instanceof ReloadResult.StoreFailure) {
        send(exchange, 503, "we cannot check your payment right now; do not pay again,"
            + " reload this page in a minute");
        return;
      }
      if (fresh instanceof ReloadResult.NotFound) {
        send(exchange, 401, "your session has ended; log in to see your orders");
        return;
      }
      if (Boolean.TRUE.equals(session.get("paid"))) {
        send(exchange, 200, "paid, thank you");
        return;
      }
      Thread.sleep(500);
    }
    send(exchange, 202, "still waiting for your payment");
  }

  /** GET /settings: an admin may have locked the account since the request began. */
  static void settings(HttpExchange exchange, Session session) {
    session.reload(problem -> {
      if (problem instanceof ReloadResult.NotFound) {
        sendUnchecked(exchange, 401, "your session has ended; log in again");
        return;
      }
      if (problem != null) {
        sendUnchecked(exchange, 503, "please try again in a moment");
        return;
      }
      if (Boolean.TRUE.equals(session.get("locked"))) {
        sendUnchecked(exchange, 403, "account locked");
        return;
      }
      sendUnchecked(exchange, 200, "settings for " + session.get("user"));
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

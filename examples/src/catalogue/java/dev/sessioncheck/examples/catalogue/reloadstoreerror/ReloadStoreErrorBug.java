/*
 * Catalogue: reload-store-error (the bug)
 *
 * Failure: express-session's `req.session.reload(cb)` while the store is down: the callback's
 * `err` is the store failure, and code that ignores it goes on with the data it already had, as
 * if it were fresh. (express also reports a missing session through the same `err`, so code that
 * does look at it often treats an outage as a logout; see reload-session-not-found.)
 *
 * At run time without the checker: the order page waits for the payment webhook (another request)
 * to mark the order paid in the session, reloading it every half second; with the store down
 * every reload fails in silence, the page says "still waiting", and the customer pays again. The
 * settings page checks whether an admin has locked the account only in strict mode; otherwise a
 * failed reload shows settings from the stale copy.
 *
 * Fix: ReloadStoreErrorFixed looks at the result every time: a StoreFailure stops and says the
 * payment state is unknown (do not pay again); NotFound answers 401.
 */
package dev.sessioncheck.examples.catalogue.reloadstoreerror;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class ReloadStoreErrorBug {
  private ReloadStoreErrorBug() {}

  /** GET /order/status: waits up to ten seconds for the payment to be confirmed. */
  static void awaitPayment(HttpExchange exchange, Session session)
      throws IOException, InterruptedException {
    for (int i = 0; i < 20; i++) {
      session.reload(); // expect: unchecked-result
      if (Boolean.TRUE.equals(session.get("paid"))) {
        send(exchange, 200, "paid, thank you");
        return;
      }
      Thread.sleep(500);
    }
    send(exchange, 202, "still waiting for your payment");
  }

  /** GET /settings: an admin may have locked the account since the request began. */
  static void settings(HttpExchange exchange, Session session, boolean strict) {
    session.reload(problem -> { // expect: unchecked-error
      if (strict && problem != null) {
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

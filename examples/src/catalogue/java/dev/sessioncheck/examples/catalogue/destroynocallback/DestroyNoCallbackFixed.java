/*
 * Catalogue: destroy-no-callback (the fix)
 *
 * Failure: express-session's `req.session.destroy()` with no callback: a store error goes
 * nowhere.
 *
 * At run time: a failed delete is logged and answered with 503; the user learns the logout did
 * not complete and can try again.
 *
 * Fix: keep the DestroyResult and look at it on every path (instanceof on its Failed case; ok(),
 * failure() and orThrow() work too).
 */
package dev.sessioncheck.examples.catalogue.destroynocallback;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

final class DestroyNoCallbackFixed {
  private static final System.Logger AUDIT = System.getLogger("app.audit");

  private DestroyNoCallbackFixed() {}

  /** POST /logout */
  static void logout(HttpExchange exchange, Session session) throws IOException {
    DestroyResult result = session.destroy();
    if (result instanceof DestroyResult.Failed failed) {
      AUDIT.log(System.Logger.Level.WARNING, "logout: session not removed: " + failed.error());
      send(exchange, 503, "logout did not complete, please try again");
      return;
    }
    redirect(exchange, "/");
  }

  /** POST /logout on the admin site, where logouts are audited when auditing is on. */
  static void adminLogout(HttpExchange exchange, Session session, boolean audit)
      throws IOException {
    DestroyResult result = session.destroy();
    if (audit) {
      AUDIT.log(System.Logger.Level.INFO, "admin logout: " + result);
    }
    if (!result.ok()) {
      send(exchange, 503, "logout did not complete, please try again");
      return;
    }
    redirect(exchange, "/");
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(303, -1);
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}

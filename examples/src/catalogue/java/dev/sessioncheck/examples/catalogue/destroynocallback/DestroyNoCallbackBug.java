/*
 * Catalogue: destroy-no-callback (the bug)
 *
 * Failure: express-session's `req.session.destroy()` called with no callback at all. The store's
 * error goes to a no-op callback (connect-redis: `cb = noop`) and is gone. In Java the same
 * mistake is calling the result form, Session.destroy(), and dropping its DestroyResult, or
 * keeping it and looking at it only on some paths.
 *
 * At run time without the checker: when the store fails, the cookie is cleared but the record
 * survives until it expires; whoever else holds the cookie stays logged in. No log line, no error.
 *
 * Fix: DestroyNoCallbackFixed looks at the DestroyResult on every path: on failure it logs and
 * answers 503 instead of redirecting as if all went well.
 */
package dev.sessioncheck.examples.catalogue.destroynocallback;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.Session;
import java.io.IOException;

final class DestroyNoCallbackBug {
  private static final System.Logger AUDIT = System.getLogger("app.audit");

  private DestroyNoCallbackBug() {}

  /** POST /logout */
  static void logout(HttpExchange exchange, Session session) throws IOException {
    session.destroy(); // expect: unchecked-result
    redirect(exchange, "/");
  }

  /** POST /logout on the admin site, where logouts are audited when auditing is on. */
  static void adminLogout(HttpExchange exchange, Session session, boolean audit)
      throws IOException {
    DestroyResult result = session.destroy(); // expect: unchecked-result "is not checked before it is dropped"
    if (audit) {
      AUDIT.log(System.Logger.Level.INFO, "admin logout: " + result);
    }
    redirect(exchange, "/");
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(303, -1);
  }
}

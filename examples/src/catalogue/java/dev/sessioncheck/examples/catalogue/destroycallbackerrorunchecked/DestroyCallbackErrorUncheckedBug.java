/*
 * Catalogue: destroy-callback-error-unchecked (the bug)
 *
 * Failure: the express-session logout everyone writes,
 *   req.session.destroy(() => res.redirect('/'))
 * whose callback never looks at `err`. When the store fails to delete the record, the user is
 * sent to the home page as if logged out.
 *
 * At run time without the checker: the browser's cookie is cleared, but the session record stays
 * in the store until it expires. Anyone who holds a copy of the cookie (a shared computer, a
 * stolen cookie: the reason to log out) is still logged in, and nobody knows. The second handler
 * only reads the error when debug logging is on, which is the same bug on the other path.
 *
 * Fix: DestroyCallbackErrorUncheckedFixed reads the error on every path: on failure it logs it
 * and answers 503 so the user knows the logout did not complete; otherwise it redirects.
 */
package dev.sessioncheck.examples.catalogue.destroycallbackerrorunchecked;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.Session;
import java.io.IOException;
import java.io.UncheckedIOException;

final class DestroyCallbackErrorUncheckedBug {
  private static final System.Logger LOG = System.getLogger("app.logout");

  private DestroyCallbackErrorUncheckedBug() {}

  /** POST /logout */
  static void logout(HttpExchange exchange, Session session) {
    session.destroy(error -> redirect(exchange, "/")); // expect: unchecked-error
  }

  /** POST /account/close */
  static void closeAccount(HttpExchange exchange, Session session, boolean debug) {
    session.destroy(error -> { // expect: unchecked-error
      if (debug) {
        LOG.log(System.Logger.Level.DEBUG, "destroy finished: " + error);
      }
      redirect(exchange, "/goodbye");
    });
  }

  private static void redirect(HttpExchange exchange, String location) {
    try {
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(303, -1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

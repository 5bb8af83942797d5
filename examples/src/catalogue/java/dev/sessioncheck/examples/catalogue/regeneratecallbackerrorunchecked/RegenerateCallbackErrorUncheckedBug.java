/*
 * Catalogue: regenerate-callback-error-unchecked (the bug)
 *
 * Failure: express-session's
 *   req.session.regenerate(function () { req.session.user = user; res.redirect('/') })
 * whose callback never looks at `err`. regenerate removes the old record and makes a new session
 * under a new id; when removing the old record fails, express still makes the new session and
 * passes the error to the callback, where it is dropped.
 *
 * At run time without the checker: the request carries on in a new session, but the old id stays
 * valid in the store until it expires. Rotating the id is a defence against session fixation and
 * leaked ids; here it silently did not happen. The second handler rotates the id when a user
 * confirms their password for the admin area, keeping the data (Carry.KEEP_DATA): the old,
 * possibly leaked, id keeps a logged-in session alive.
 *
 * Fix: RegenerateCallbackErrorUncheckedFixed reads the error: on failure it refuses the login /
 * the elevation with 503 instead of proceeding as if the id had been rotated.
 */
package dev.sessioncheck.examples.catalogue.regeneratecallbackerrorunchecked;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.Carry;
import dev.sessioncheck.runtime.RegenerateCallback;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.StoreError;
import java.io.IOException;
import java.io.UncheckedIOException;

final class RegenerateCallbackErrorUncheckedBug {
  private RegenerateCallbackErrorUncheckedBug() {}

  /** POST /login, once the password has been checked. */
  static void login(HttpExchange exchange, Session session, String user) {
    session.regenerate((error, fresh) -> { // expect: unchecked-error
      fresh.set("user", user);
      redirect(exchange, "/me");
    });
  }

  /** POST /admin/confirm: the user typed their password again to enter the admin area. */
  static void elevate(HttpExchange exchange, Session session) {
    session.regenerate(Carry.KEEP_DATA, new RegenerateCallback() {
      @Override
      public void done(StoreError error, Session next) { // expect: unchecked-error
        next.set("admin", true);
        redirect(exchange, "/admin");
      }
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

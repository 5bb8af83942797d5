/*
 * Catalogue: regenerate-callback-error-unchecked (the fix)
 *
 * Failure: express-session's `req.session.regenerate(() => { ... })`, a regenerate callback that
 * never looks at `err`, so a failed id rotation passes for a successful one.
 *
 * At run time: when the old record cannot be removed, the login / elevation is refused with 503
 * and the new session gets nothing, so the old id, still valid in the store, never becomes a
 * logged-in or admin session.
 *
 * Fix: read the error first, on every path of the callback; only then write to the new session.
 */
package dev.sessioncheck.examples.catalogue.regeneratecallbackerrorunchecked;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.Carry;
import dev.sessioncheck.runtime.RegenerateCallback;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.StoreError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class RegenerateCallbackErrorUncheckedFixed {
  private static final System.Logger LOG = System.getLogger("app.login");

  private RegenerateCallbackErrorUncheckedFixed() {}

  /** POST /login, once the password has been checked. */
  static void login(HttpExchange exchange, Session session, String user) {
    session.regenerate((error, fresh) -> {
      if (error != null) {
        LOG.log(System.Logger.Level.WARNING, "login refused, old session not removed: " + error);
        send(exchange, 503, "login failed, please try again");
        return;
      }
      fresh.set("user", user);
      redirect(exchange, "/me");
    });
  }

  /** POST /admin/confirm: the user typed their password again to enter the admin area. */
  static void elevate(HttpExchange exchange, Session session) {
    session.regenerate(Carry.KEEP_DATA, new RegenerateCallback() {
      @Override
      public void done(StoreError error, Session next) {
        if (error != null) {
          LOG.log(System.Logger.Level.WARNING, "elevation refused, old session not removed: " + error);
          send(exchange, 503, "could not enter the admin area, please try again");
          return;
        }
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

  private static void send(HttpExchange exchange, int status, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, body.length);
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

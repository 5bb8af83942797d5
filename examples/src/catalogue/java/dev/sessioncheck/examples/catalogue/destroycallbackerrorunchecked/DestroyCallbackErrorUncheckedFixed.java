/*
 * Catalogue: destroy-callback-error-unchecked (the fix)
 *
 * Failure: `req.session.destroy(() => res.redirect('/'))` in express-session: a destroy callback
 * that never looks at `err`.
 *
 * At run time: a failed delete is logged and answered with 503, so the user knows the logout did
 * not complete (the record may stay valid in the store until it expires) and can try again.
 *
 * Fix: read the error parameter on every path of the callback, as express-session's own README
 * does (`if (err) return next(err)`).
 */
package dev.sessioncheck.examples.catalogue.destroycallbackerrorunchecked;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class DestroyCallbackErrorUncheckedFixed {
  private static final System.Logger LOG = System.getLogger("app.logout");

  private DestroyCallbackErrorUncheckedFixed() {}

  /** POST /logout */
  static void logout(HttpExchange exchange, Session session) {
    session.destroy(error -> {
      if (error != null) {
        LOG.log(System.Logger.Level.WARNING, "logout: session not removed from the store: " + error);
        send(exchange, 503, "logout did not complete, please try again");
        return;
      }
      redirect(exchange, "/");
    });
  }

  /** POST /account/close */
  static void closeAccount(HttpExchange exchange, Session session, boolean debug) {
    session.destroy(error -> {
      if (debug) {
        LOG.log(System.Logger.Level.DEBUG, "destroy finished: " + error);
      }
      if (error != null) {
        send(exchange, 503, "your account is closed, but this session could not be ended");
        return;
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

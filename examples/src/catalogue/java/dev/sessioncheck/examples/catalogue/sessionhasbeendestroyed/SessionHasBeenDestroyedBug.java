/*
 * Catalogue: session-has-been-destroyed (the bug, three ways)
 *
 * Failure: express-session's "Session has been destroyed" family: using `req.session` after
 * `req.session.destroy()`. In express `req.session` is deleted by destroy ("Cannot read
 * properties of undefined" inside the destroy callback), and code that kept a reference and
 * saves it writes the session back into the store. Three ways to get there:
 *   1. LogoutThenRead: logout, then read the session (for a goodbye message, for the audit log),
 *      after the destroy or inside its callback: `req.session.destroy(() => log(req.session.user))`.
 *   2. DestroyThenNext: a middleware that ends the session of a locked account, then calls the
 *      next handler anyway, which reads the ended session.
 *   3. DestroyTwice: retrying a destroy that failed, on the same session object.
 *
 * At run time without the checker: the ended Session throws SessionDestroyedException ("Session
 * has been destroyed: session ... was ended by destroy(), then get() was called on it") and the
 * request fails with a 500; in the middleware case only for locked accounts, so it is found late.
 *
 * Fix: SessionHasBeenDestroyedFixed reads what it needs before the destroy; the middleware answers
 * and returns instead of calling the next handler; the retry goes to the store by id (id() stays
 * legal after the end).
 */
package dev.sessioncheck.examples.catalogue.sessionhasbeendestroyed;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.http.SessionHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

final class SessionHasBeenDestroyedBug {
  private static final System.Logger AUDIT = System.getLogger("app.audit");

  private SessionHasBeenDestroyedBug() {}

  /** 1. Logout, then read the session. */
  static final class LogoutThenRead {
    private LogoutThenRead() {}

    /** POST /logout, answering with a goodbye page. */
    static void logout(HttpExchange exchange, Session session) throws IOException {
      DestroyResult result = session.destroy();
      if (result instanceof DestroyResult.Failed) {
        send(exchange, 503, "logout did not complete, please try again");
        return;
      }
      String user = session.get("user"); // expect: use-after-terminal
      send(exchange, 200, "goodbye, " + user);
    }

    /** POST /logout with the callback form, auditing who logged out. */
    static void logoutAudited(HttpExchange exchange, Session session) {
      session.destroy(error -> {
        if (error != null) {
          sendUnchecked(exchange, 503, "logout did not complete, please try again");
          return;
        }
        AUDIT.log(System.Logger.Level.INFO, "logout: " + session.get("user")); // expect: use-after-terminal
        sendUnchecked(exchange, 200, "goodbye");
      });
    }
  }

  /** 2. A middleware that destroys, then calls the next handler. */
  static final class DestroyThenNext {
    private DestroyThenNext() {}

    /** Ends the sessions of locked accounts before any page is served. */
    static SessionHandler lockedAccountsOut(Set<String> locked, SessionHandler next) {
      return (exchange, session) -> {
        String user = session.get("user");
        if (user != null && locked.contains(user)) {
          DestroyResult result = session.destroy();
          if (!result.ok()) {
            AUDIT.log(System.Logger.Level.WARNING, "could not end the session of " + user);
          }
        }
        next.handle(exchange, session); // expect: use-after-terminal "may be used after"
      };
    }
  }

  /** 3. A second destroy. */
  static final class DestroyTwice {
    private DestroyTwice() {}

    /** POST /logout, retrying once when the store fails. */
    static void logout(HttpExchange exchange, Session session) throws IOException {
      DestroyResult result = session.destroy();
      if (result instanceof DestroyResult.Failed) {
        result = session.destroy(); // expect: use-after-terminal
      }
      if (!result.ok()) {
        send(exchange, 503, "logout did not complete, please try again");
        return;
      }
      send(exchange, 200, "goodbye");
    }
  }

  static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static void sendUnchecked(HttpExchange exchange, int status, String text) {
    try {
      send(exchange, status, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

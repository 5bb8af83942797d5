/*
 * Catalogue: session-has-been-destroyed (the fix, three ways)
 *
 * Failure: express-session's "Session has been destroyed": the session used after destroy().
 *   1. LogoutThenRead: read after the destroy, or inside its callback.
 *   2. DestroyThenNext: a middleware that destroys, then calls the next handler.
 *   3. DestroyTwice: a failed destroy retried on the same object.
 *
 * At run time: no SessionDestroyedException: nothing touches the session after it is ended.
 *
 * Fix: 1. read what you need before the call that ends the session. 2. once the middleware has
 * ended the session, it answers and returns; the next handler never sees the ended session (to
 * sign the user out and carry on, regenerate instead and pass the new session). 3. the session
 * object is ended even when the store failed; retry against the store by id, which stays legal.
 */
package dev.sessioncheck.examples.catalogue.sessionhasbeendestroyed;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import dev.sessioncheck.runtime.http.SessionHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

final class SessionHasBeenDestroyedFixed {
  private static final System.Logger AUDIT = System.getLogger("app.audit");

  private SessionHasBeenDestroyedFixed() {}

  /** 1. Read first, then log out. */
  static final class LogoutThenRead {
    private LogoutThenRead() {}

    /** POST /logout, answering with a goodbye page. */
    static void logout(HttpExchange exchange, Session session) throws IOException {
      String user = session.get("user");
      DestroyResult result = session.destroy();
      if (result instanceof DestroyResult.Failed) {
        send(exchange, 503, "logout did not complete, please try again");
        return;
      }
      send(exchange, 200, "goodbye, " + user);
    }

    /** POST /logout with the callback form, auditing who logged out. */
    static void logoutAudited(HttpExchange exchange, Session session) {
      String user = session.get("user");
      session.destroy(error -> {
        if (error != null) {
          sendUnchecked(exchange, 503, "logout did not complete, please try again");
          return;
        }
        AUDIT.log(System.Logger.Level.INFO, "logout: " + user);
        sendUnchecked(exchange, 200, "goodbye");
      });
    }
  }

  /** 2. The middleware stops the request once it has ended the session. */
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
          send(exchange, 403, "this account is locked");
          return;
        }
        next.handle(exchange, session);
      };
    }
  }

  /** 3. Retry by id, against the store. */
  static final class DestroyTwice {
    private DestroyTwice() {}

    /** POST /logout, retrying once when the store fails. */
    static void logout(HttpExchange exchange, Session session, SessionStore store)
        throws IOException {
      DestroyResult result = session.destroy();
      if (result instanceof DestroyResult.Failed) {
        StoreResult<WriteStatus> retried = store.destroy(session.id());
        if (!retried.ok()) {
          send(exchange, 503, "logout did not complete, please try again");
          return;
        }
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

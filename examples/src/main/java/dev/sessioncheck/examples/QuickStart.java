package dev.sessioncheck.examples;

import com.sun.net.httpserver.HttpServer;
import dev.sessioncheck.runtime.Carry;
import dev.sessioncheck.runtime.RegenerateResult;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.http.SessionHttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The README's "runtime in a dozen lines", kept here so that it compiles, and passes the checker, with
 * every build. {@code SESSION_SECRET=... java ... QuickStart}, then {@code curl -i -X POST
 * localhost:8081/login}.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws IOException {
    // --- README snippet begins ---
    SessionManager sessions = new SessionManager(
        SessionConfig.builder(System.getenv("SESSION_SECRET")).build()); // no secret, no build
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8081), 0);
    server.createContext("/login", SessionHttpHandler.wrap(sessions, (exchange, session) -> {
      // A new id; `session` is ended. Only a successful regenerate yields the new session.
      if (!(session.regenerate(Carry.DROP_DATA) instanceof RegenerateResult.Regenerated login)) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      login.session().set("user", "ada");
      exchange.getResponseHeaders().set("Location", "/me");
      exchange.sendResponseHeaders(303, -1); // the session is saved before this line sends anything
    }));
    server.start();
    // --- README snippet ends ---
  }
}

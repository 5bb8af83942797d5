package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sessioncheck.runtime.SessionManager;
import java.io.IOException;
import java.util.Objects;

/**
 * Runs a {@link SessionHandler} with the request's session, and commits that session (save or
 * touch as configured, {@code Set-Cookie}) <b>before the first response header goes out</b>, so a
 * redirect can never reach the browser before the session it depends on is stored.
 *
 * <pre>{@code
 * server.createContext("/login", SessionHttpHandler.wrap(manager, (exchange, session) -> {
 *   session.put("user", "ada");
 *   exchange.getResponseHeaders().set("Location", "/me");
 *   exchange.sendResponseHeaders(303, -1);    // the session is saved before this returns
 * }));
 * }</pre>
 *
 * <h2>Per request</h2>
 *
 * <ol>
 *   <li>The session is loaded from the request's cookie. A missing, malformed, unsigned, forged,
 *       unknown or expired cookie gives a new session; never an error. If the store fails, the
 *       config's {@link dev.sessioncheck.runtime.StoreErrorPolicy} decides: {@code FAIL_REQUEST}
 *       (the default) answers 503 with a short plain-text body and the handler is not called;
 *       {@code CONTINUE} calls the handler with a fresh session.
 *   <li>The handler runs with an exchange whose response methods are guarded. The commit runs
 *       exactly once, at the first of:
 *       <ul>
 *         <li>{@code sendResponseHeaders(status, length)}: commit, then the handler's headers;
 *         <li>the first {@code write} or {@code flush} of {@code getResponseBody()} without
 *             {@code sendResponseHeaders}: commit, then status 200 with a chunked body (the bare
 *             JDK throws "response headers not sent yet" here);
 *         <li>{@code getResponseBody().close()} or {@code exchange.close()} with nothing sent:
 *             commit, then 200 with an empty body (the bare JDK drops the connection);
 *         <li>the handler returning with nothing sent: commit, then 200 with an empty body and the
 *             response headers the handler set (the bare JDK leaves the client waiting; servlet
 *             containers and Go's net/http answer 200 the same way).
 *       </ul>
 *   <li>If the commit fails, the policy decides again: {@code FAIL_REQUEST} replaces the
 *       handler's response, which has not gone out yet, by a 503 with a short plain-text body (the
 *       handler's headers are dropped, its later body writes are discarded, a second {@code
 *       sendResponseHeaders} throws as the JDK's would); {@code CONTINUE} sends the handler's
 *       response without {@code Set-Cookie}, the session unsaved.
 *   <li>When the handler returns, the response is over: the exchange is closed (the handler need
 *       not close it; handing the exchange to another thread to finish later is not supported).
 * </ol>
 *
 * <h2>When the handler throws</h2>
 *
 * <p>Before anything was sent: the session is <b>not</b> committed (the request failed half-way,
 * so its session changes are dropped; store operations the handler completed itself, such as
 * {@code destroy()} or {@code save()}, stand), and the client gets a 500 with a short plain-text
 * body, the handler's headers dropped. After the headers were sent: the commit has happened; the
 * exchange is closed, which cuts a fixed-length body short. Both are logged at {@code ERROR}
 * through {@link System.Logger} ({@code dev.sessioncheck.runtime.http}), except an {@code
 * IOException} after the headers (almost always the client leaving), logged at {@code DEBUG}. An
 * {@code Error} is rethrown after that.
 *
 * <p>Secure cookies with {@code Secure.AUTO}: the request counts as HTTPS when it came through an
 * {@code HttpsServer}, or when {@code X-Forwarded-Proto} says so and the config trusts it.
 *
 * <p>The session is also set as the exchange attribute {@link SessionFilter#SESSION_ATTRIBUTE},
 * kept per exchange (the JDK's own attributes are shared by the whole context).
 */
public final class SessionHttpHandler implements HttpHandler {
  private final SessionManager manager;
  private final SessionHandler handler;

  private SessionHttpHandler(SessionManager manager, SessionHandler handler) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  public static SessionHttpHandler wrap(SessionManager manager, SessionHandler handler) {
    return new SessionHttpHandler(manager, handler);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    SessionCycle.serve(manager, exchange, handler::handle);
  }
}

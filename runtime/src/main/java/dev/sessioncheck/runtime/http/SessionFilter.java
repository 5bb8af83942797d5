package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionManager;
import java.io.IOException;
import java.util.Objects;

/**
 * The same session cycle as {@link SessionHttpHandler}, as a {@link Filter} for contexts whose
 * handlers are plain {@code HttpHandler}s: they fetch the session with {@link #session}.
 *
 * <pre>{@code
 * HttpContext context = server.createContext("/app", exchange -> {
 *   Session session = SessionFilter.session(exchange);
 *   ...
 * });
 * context.getFilters().add(SessionFilter.of(manager));
 * }</pre>
 *
 * <p>Everything {@link SessionHttpHandler} documents holds here for the rest of the chain (the
 * filters after this one and the handler): commit before the first header, 503 / 500 rules, the
 * response ended when the chain returns. Prefer {@link SessionHttpHandler}: a session that
 * arrives as a parameter can be followed by the checker; one fetched from an attribute cannot.
 */
public final class SessionFilter extends Filter {
  /** The exchange attribute holding the request's {@link Session}; private to the exchange. */
  public static final String SESSION_ATTRIBUTE = ExchangeState.SESSION_ATTRIBUTE;

  private final SessionManager manager;

  private SessionFilter(SessionManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  public static SessionFilter of(SessionManager manager) {
    return new SessionFilter(manager);
  }

  /**
   * The session of an exchange that went through a {@code SessionFilter} or a {@link
   * SessionHttpHandler}: the one loaded for the request, or, once the request regenerated it, the
   * replacement (the session the commit saves; {@code getAttribute(SESSION_ATTRIBUTE)} answers
   * the same). After {@code destroy()} it is the destroyed session.
   *
   * @throws IllegalStateException if there is none (the filter is not installed on this context)
   */
  public static Session session(HttpExchange exchange) {
    Object session = exchange.getAttribute(SESSION_ATTRIBUTE);
    if (session instanceof Session) {
      return (Session) session;
    }
    throw new IllegalStateException("no session on this exchange ("
        + HttpLog.describe(exchange) + "): add SessionFilter.of(manager) to the filters of context "
        + exchange.getHttpContext().getPath());
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    SessionCycle.serve(manager, exchange, (gated, session) -> chain.doFilter(gated));
  }

  @Override
  public String description() {
    return "sessioncheck: loads the request's session and commits it before the response headers";
  }
}

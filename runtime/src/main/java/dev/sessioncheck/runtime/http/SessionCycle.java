package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.sessioncheck.runtime.CommitResult;
import dev.sessioncheck.runtime.LoadResult;
import dev.sessioncheck.runtime.RequestInfo;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreErrorPolicy;
import dev.sessioncheck.runtime.StoreErrorPolicy.Decision;
import dev.sessioncheck.runtime.StoreErrorPolicy.Phase;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/** One request's session cycle: load (policy on failure), run the handler behind the gate, commit. */
final class SessionCycle {

  static final String LOAD_REFUSED_BODY = "503 Service Unavailable: the session could not be loaded\n";

  @FunctionalInterface
  interface Body {
    void run(HttpExchange gated, Session session) throws IOException;
  }

  private SessionCycle() {}

  static void serve(SessionManager manager, HttpExchange raw, Body body) throws IOException {
    RequestInfo request = requestInfo(raw);
    Optional<Session> loaded;
    try {
      loaded = load(manager, request);
    } catch (RuntimeException e) {
      HttpLog.LOG.log(Level.ERROR, "session load threw for " + HttpLog.describe(raw) + "; responding 500", e);
      ResponseGate.sendPlain(raw, 500, ResponseGate.INTERNAL_ERROR_BODY);
      return;
    }
    if (loaded.isEmpty()) {
      HttpLog.LOG.log(Level.DEBUG, "session not loaded for " + HttpLog.describe(raw) + "; responding 503");
      ResponseGate.sendPlain(raw, 503, LOAD_REFUSED_BODY);
      return;
    }
    Session session = loaded.get();
    HttpExchange gated = GatedExchange.wrap(raw, () -> commit(manager, session, request));
    gated.setAttribute(ExchangeState.SESSION_ATTRIBUTE, new LoadResult.Loaded(session));
    HandlerRun.run(gated, exchange -> body.run(exchange, session));
  }

  /** What the core needs from the request: its cookies and whether it came over TLS. */
  static RequestInfo requestInfo(HttpExchange exchange) {
    Headers headers = exchange.getRequestHeaders();
    List<String> cookies = headers.get("Cookie");
    return new RequestInfo(
        cookies == null ? List.of() : cookies,
        exchange instanceof HttpsExchange,
        Optional.ofNullable(headers.getFirst("X-Forwarded-Proto")));
  }

  /** The request's session, or empty when the store failed and the policy fails the request. */
  private static Optional<Session> load(SessionManager manager, RequestInfo request) {
    LoadResult result = manager.load(request);
    if (result instanceof LoadResult.Loaded) {
      return Optional.of(((LoadResult.Loaded) result).session());
    }
    StoreError error = ((LoadResult.Failed) result).error();
    if (decide(manager, error, Phase.LOAD) == Decision.CONTINUE) {
      return Optional.of(manager.newSession(request));
    }
    return Optional.empty();
  }

  private static CommitStep.Outcome commit(SessionManager manager, Session session, RequestInfo request) {
    CommitResult result = manager.commit(session, request);
    if (result instanceof CommitResult.Committed) {
      Optional<String> setCookie = ((CommitResult.Committed) result).setCookieHeader();
      return new CommitStep.Outcome.Send(setCookie.map(List::of).orElse(List.of()));
    }
    StoreError error = ((CommitResult.Failed) result).error();
    if (decide(manager, error, Phase.COMMIT) == Decision.CONTINUE) {
      HttpLog.LOG.log(Level.DEBUG, "session " + session.id() + " not saved (" + error.kind()
          + "); the policy continues, the response goes out without Set-Cookie");
      return new CommitStep.Outcome.Send(List.of());
    }
    return new CommitStep.Outcome.Refuse(error.kind() + ": " + error.message());
  }

  /** A policy that throws or answers null fails the request: the safe side of its own bug. */
  private static Decision decide(SessionManager manager, StoreError error, Phase phase) {
    StoreErrorPolicy policy = manager.config().storeErrorPolicy();
    try {
      Decision decision = policy.onStoreError(error, phase);
      if (decision != null) {
        return decision;
      }
      HttpLog.LOG.log(Level.ERROR, "store error policy returned null for " + error + " at " + phase
          + "; failing the request");
    } catch (RuntimeException e) {
      HttpLog.LOG.log(Level.ERROR, "store error policy threw for " + error + " at " + phase
          + "; failing the request", e);
    }
    return Decision.FAIL_REQUEST;
  }
}

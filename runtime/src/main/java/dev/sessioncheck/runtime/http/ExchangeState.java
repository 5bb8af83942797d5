package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.LoadResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the two exchange wrappers ({@link SessionExchange}, {@link SessionHttpsExchange}) keep
 * beside the real exchange: the gate, the streams a downstream filter installed, and the
 * attributes that must not leak to other exchanges.
 *
 * <p>The JDK's {@code HttpExchange.setAttribute} stores into the {@code HttpContext}'s map (JDK 17
 * through 25 at least), i.e. it is shared by every concurrent exchange on that context. The
 * session must be per exchange, so {@link #SESSION_ATTRIBUTE} is kept here; other
 * names keep the JDK's behaviour.
 */
final class ExchangeState {
  /** Where the session sits on the exchange; public as {@code SessionFilter.SESSION_ATTRIBUTE}. */
  static final String SESSION_ATTRIBUTE = "dev.sessioncheck.runtime.session";

  final HttpExchange raw;
  final ResponseGate gate;
  private final Map<String, Object> local = new ConcurrentHashMap<>();
  private volatile InputStream requestBody;
  private volatile OutputStream responseBody;

  ExchangeState(HttpExchange raw, ResponseGate gate) {
    this.raw = raw;
    this.gate = gate;
  }

  static boolean isLocal(String name) {
    return SESSION_ATTRIBUTE.equals(name);
  }

  Object getAttribute(String name) {
    Objects.requireNonNull(name, "name");
    if (!isLocal(name)) {
      return raw.getAttribute(name);
    }
    Object value = local.get(name);
    // The request's session is kept as its load handle, so that a handler that regenerated it
    // and fetches it again gets the replacement, not the ended session.
    return value instanceof LoadResult.Loaded loaded ? loaded.current() : value;
  }

  void setAttribute(String name, Object value) {
    Objects.requireNonNull(name, "name");
    if (!isLocal(name)) {
      raw.setAttribute(name, value);
    } else if (value == null) {
      local.remove(name);
    } else {
      local.put(name, value);
    }
  }

  InputStream getRequestBody() {
    InputStream in = requestBody;
    return in != null ? in : raw.getRequestBody();
  }

  OutputStream getResponseBody() {
    OutputStream out = responseBody;
    return out != null ? out : gate.body();
  }

  /**
   * A downstream filter wraps the streams we handed out (the JDK's contract), so keeping the
   * wrappers here, instead of passing them to the real exchange, keeps the gate underneath.
   */
  void setStreams(InputStream in, OutputStream out) {
    if (in != null) {
      requestBody = in;
    }
    if (out != null) {
      responseBody = out;
    }
  }
}

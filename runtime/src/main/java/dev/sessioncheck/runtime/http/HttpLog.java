package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.HttpExchange;

/** The one logger of this package, so its messages can be routed or silenced together. */
final class HttpLog {
  static final System.Logger LOG = System.getLogger("dev.sessioncheck.runtime.http");

  private HttpLog() {}

  /** "METHOD /path" for log lines; never the query, which may carry secrets. */
  static String describe(HttpExchange exchange) {
    return exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
  }
}

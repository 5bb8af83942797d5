package dev.sessioncheck.runtime.http;

/** The one logger of this package, so its messages can be routed or silenced together. */
final class HttpLog {
  static final System.Logger LOG = System.getLogger("dev.sessioncheck.runtime.http");

  private HttpLog() {}
}

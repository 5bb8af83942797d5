package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;

/** The common face of {@link SessionExchange} and {@link SessionHttpsExchange}. */
interface GatedExchange {
  ExchangeState exchangeState();

  /** Wraps {@code raw}, keeping it an {@code HttpsExchange} when it is one. */
  static HttpExchange wrap(HttpExchange raw, CommitStep step) {
    ExchangeState state = new ExchangeState(raw, new ResponseGate(raw, step));
    return raw instanceof HttpsExchange ? new SessionHttpsExchange(state) : new SessionExchange(state);
  }
}

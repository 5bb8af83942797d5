package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Runs handler code on a gated exchange and ends the response, whatever the code did. */
final class HandlerRun {

  @FunctionalInterface
  interface Body {
    void run(HttpExchange exchange) throws IOException;
  }

  private HandlerRun() {}

  /**
   * Returning ends the response (committing first if nothing was sent), as in a servlet
   * container without async or Go's net/http: the JDK server would otherwise leave the client
   * waiting. A throw becomes a 500 without a commit if nothing was sent yet.
   */
  static void run(HttpExchange gated, Body body) throws IOException {
    ResponseGate gate = ((GatedExchange) gated).exchangeState().gate;
    try {
      body.run(gated);
    } catch (IOException | RuntimeException e) {
      gate.abort(e);
      return;
    } catch (Error e) {
      gate.abort(e);
      throw e;
    }
    gate.finish();
  }
}

package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The exchange a session-aware handler sees on plain HTTP.
 * Response methods go through the {@link ResponseGate}; everything else is the real exchange's.
 */
final class SessionExchange extends HttpExchange implements GatedExchange {
  private final ExchangeState state;

  SessionExchange(ExchangeState state) {
    this.state = state;
  }

  @Override
  public ExchangeState exchangeState() {
    return state;
  }

  @Override
  public Headers getRequestHeaders() {
    return state.raw.getRequestHeaders();
  }

  @Override
  public Headers getResponseHeaders() {
    return state.raw.getResponseHeaders();
  }

  @Override
  public URI getRequestURI() {
    return state.raw.getRequestURI();
  }

  @Override
  public String getRequestMethod() {
    return state.raw.getRequestMethod();
  }

  @Override
  public HttpContext getHttpContext() {
    return state.raw.getHttpContext();
  }

  @Override
  public void close() {
    try {
      state.gate.close();
    } catch (IOException e) {
      // HttpExchange.close() cannot throw; the JDK's own close swallows I/O errors the same way.
      HttpLog.LOG.log(System.Logger.Level.DEBUG, "close failed", e);
      state.raw.close();
    }
  }

  @Override
  public InputStream getRequestBody() {
    return state.getRequestBody();
  }

  @Override
  public OutputStream getResponseBody() {
    return state.getResponseBody();
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    state.gate.sendResponseHeaders(rCode, responseLength);
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return state.raw.getRemoteAddress();
  }

  @Override
  public int getResponseCode() {
    return state.raw.getResponseCode();
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return state.raw.getLocalAddress();
  }

  @Override
  public String getProtocol() {
    return state.raw.getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return state.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    state.setAttribute(name, value);
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    state.setStreams(i, o);
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return state.raw.getPrincipal();
  }
}

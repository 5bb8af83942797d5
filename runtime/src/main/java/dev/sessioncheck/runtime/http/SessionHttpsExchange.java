package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import javax.net.ssl.SSLSession;

/**
 * The exchange a session-aware handler sees on TLS: still an {@code HttpsExchange}, so handlers
 * that look for the TLS session keep working.
 * Every method is {@link SessionExchange}'s, so the gate's rules live in one place; this class
 * only adds {@link #getSSLSession()}.
 */
final class SessionHttpsExchange extends HttpsExchange implements GatedExchange {
  private final SessionExchange plain;

  SessionHttpsExchange(ExchangeState state) {
    this.plain = new SessionExchange(state);
  }

  @Override
  public ExchangeState exchangeState() {
    return plain.exchangeState();
  }

  @Override
  public Headers getRequestHeaders() {
    return plain.getRequestHeaders();
  }

  @Override
  public Headers getResponseHeaders() {
    return plain.getResponseHeaders();
  }

  @Override
  public URI getRequestURI() {
    return plain.getRequestURI();
  }

  @Override
  public String getRequestMethod() {
    return plain.getRequestMethod();
  }

  @Override
  public HttpContext getHttpContext() {
    return plain.getHttpContext();
  }

  @Override
  public void close() {
    plain.close();
  }

  @Override
  public InputStream getRequestBody() {
    return plain.getRequestBody();
  }

  @Override
  public OutputStream getResponseBody() {
    return plain.getResponseBody();
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    plain.sendResponseHeaders(rCode, responseLength);
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return plain.getRemoteAddress();
  }

  @Override
  public int getResponseCode() {
    return plain.getResponseCode();
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return plain.getLocalAddress();
  }

  @Override
  public String getProtocol() {
    return plain.getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return plain.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    plain.setAttribute(name, value);
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    plain.setStreams(i, o);
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return plain.getPrincipal();
  }

  @Override
  public SSLSession getSSLSession() {
    return ((HttpsExchange) plain.exchangeState().raw).getSSLSession();
  }
}

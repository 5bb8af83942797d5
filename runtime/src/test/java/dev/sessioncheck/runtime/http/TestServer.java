package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A real JDK HttpServer on 127.0.0.1, an ephemeral port and a fixed pool. */
final class TestServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;

  private TestServer(int threads) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pool = Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
  }

  static TestServer start() {
    return start(8);
  }

  static TestServer start(int threads) {
    TestServer s = new TestServer(threads);
    s.server.start();
    return s;
  }

  TestServer route(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  HttpContext createContext(String path, HttpHandler handler) {
    return server.createContext(path, handler);
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        // A handler thread that survives shutdownNow() would leak into the next test.
        throw new IllegalStateException("test server threads still running 5 s after close()");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.sessioncheck.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.StoreError;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures as values, against fake servers (no Redis needed). */
class RedisFailureTest {

  @Test
  void nothingListeningIsUnavailable() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (RedisStore store = RedisStore.builder("127.0.0.1", port).build()) {
      StoreError e = store.load("x").failure().orElseThrow();
      assertEquals(StoreError.Kind.UNAVAILABLE, e.kind());
      assertTrue(e.message().startsWith("Redis load failed: "), e.message());
    }
  }

  @Test
  void silentServerIsATimeout() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          accepted.add(silent.accept());
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.start();
      try (RedisStore store = RedisStore.builder("127.0.0.1", silent.getLocalPort())
          .timeout(Duration.ofMillis(100)).build()) {
        StoreError e = store.load("x").failure().orElseThrow();
        assertEquals(StoreError.Kind.TIMEOUT, e.kind());
        assertEquals("Redis load timed out after 100ms", e.message());
      }
      acceptor.join(5_000);
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void errorReplyIsRejected() throws Exception {
    try (ServerSocket fake = new ServerSocket(0)) {
      Thread server = new Thread(() -> {
        try (Socket s = fake.accept()) {
          s.getInputStream().read(new byte[256]);
          s.getOutputStream().write("-NOAUTH Authentication required.\r\n".getBytes(StandardCharsets.UTF_8));
          s.getOutputStream().flush();
          s.getInputStream().read();
        } catch (IOException ignored) {
          // the client hung up
        }
      });
      server.start();
      try (RedisStore store = RedisStore.builder("127.0.0.1", fake.getLocalPort()).build()) {
        StoreError e = store.destroy("x").failure().orElseThrow();
        assertEquals(StoreError.Kind.REJECTED, e.kind());
        assertEquals("Redis destroy answered NOAUTH Authentication required.", e.message());
      }
      server.join(5_000);
    }
  }

  @Test
  void closedStoreIsUnavailable() {
    RedisStore store = RedisStore.builder("127.0.0.1", 6379).build();
    store.close();
    assertEquals(StoreError.Kind.UNAVAILABLE, store.ids().failure().orElseThrow().kind());
  }
}

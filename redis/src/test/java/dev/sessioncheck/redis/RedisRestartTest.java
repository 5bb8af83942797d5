package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.StoreError;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Faults that need a server of our own: killing it ({@code SIGKILL}) and starting it again, and
 * {@code DEBUG SLEEP} (disabled on the shared server). A private redis-server on a free port, with
 * an append-only file fsynced on every write, so that what it acknowledged survives the kill. The
 * shared Redis on 6379 is never stopped.
 */
class RedisRestartTest {
  private static final Duration TIMEOUT = Duration.ofMillis(1000);
  private static final long SLACK_MS = 300;
  private static String binary;
  private static Path dir;
  private static int port;
  private static Process server;

  @BeforeAll
  static void start() throws Exception {
    binary = PrivateRedis.binaryOrSkip("redis-server");
    dir = Files.createTempDirectory("sessioncheck-redis-");
    port = PrivateRedis.freePort(false);
    server = launch();
  }

  @AfterAll
  static void stop() throws Exception {
    PrivateRedis.stop(server);
    PrivateRedis.delete(dir);
  }

  /** The private server, with an append-only file fsynced before every reply. */
  private static Process launch() throws Exception {
    return PrivateRedis.launch(binary, port, dir, "--appendonly", "yes", "--appendfsync", "always",
        "--enable-debug-command", "local");
  }

  private static RedisStore store(String prefix) {
    return RedisStore.builder(URI.create("redis://127.0.0.1:" + port))
        .prefix(prefix).timeout(TIMEOUT).poolSize(4).build();
  }

  /**
   * The server is killed mid-run, stays down for a second and is started again on the same port.
   * Failures are UNAVAILABLE or TIMEOUT within the bound, the store serves again without being
   * rebuilt, nothing it acknowledged is lost and nothing destroyed comes back.
   */
  @Test
  void killAndRestartMidRun() throws Exception {
    RedisStore store = store("sess:");
    try {
      FaultRun.Figures f = FaultRun.run("SIGKILL redis-server, down 1s, restart", store, 3, 700,
          () -> {
            server.destroyForcibly();
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            Thread.sleep(1000);
            server = launch();
          }, 1000);
      assertTrue(Set.of(StoreError.Kind.UNAVAILABLE, StoreError.Kind.TIMEOUT)
          .containsAll(f.failures().keySet()), f.toString());
      assertTrue(f.failures().getOrDefault(StoreError.Kind.UNAVAILABLE, 0) >= 1, f.toString());
      assertTrue(f.slowestMs() <= TIMEOUT.toMillis() + SLACK_MS, f.toString());
      assertTrue(f.okAfterFault() > 0, "works again after the restart: " + f);
      assertEquals(0, f.doneOnDestroyed(), f.toString());
      assertEquals(0, f.lost(), f.toString());
      assertEquals(0, f.resurrected(), f.toString());
    } finally {
      store.close();
    }
  }

  /** {@code DEBUG SLEEP 2}: the server blocks (unlike a pause, also for new connections' setup). */
  @Test
  void debugSleepGivesTimeoutsThenRecovers() throws Exception {
    RedisStore store = store("sleep:");
    try {
      FaultRun.Figures f = FaultRun.run("DEBUG SLEEP 2", store, 3, 500, () -> {
        Thread t = new Thread(() -> {
          try (Jedis j = new Jedis("127.0.0.1", port, 5000)) {
            j.sendCommand(() -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "SLEEP", "2");
          }
        });
        t.start();
        t.join(10_000);
      }, 700);
      assertEquals(Set.of(StoreError.Kind.TIMEOUT), f.failures().keySet(), f.toString());
      assertTrue(f.slowestMs() <= TIMEOUT.toMillis() + SLACK_MS, f.toString());
      assertTrue(f.okAfterFault() > 0, f.toString());
      assertEquals(0, f.lost(), f.toString());
      assertEquals(0, f.resurrected(), f.toString());
    } finally {
      store.close();
    }
  }
}

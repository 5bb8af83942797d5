package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Faults injected into the real Redis without stopping it: {@code CLIENT PAUSE} (the server stops
 * answering), {@code CLIENT KILL} of the store's connections (what a restart does to a pool), and a
 * port nobody listens on.
 */
class RedisFaultTest {
  private static final Duration TIMEOUT = Duration.ofMillis(1000);
  /** Scheduling slack on a shared 2-core machine, on top of the bound. */
  private static final long SLACK_MS = 300;
  private static LiveRedis redis;

  @BeforeAll
  static void open() {
    redis = LiveRedis.connectOrSkip();
  }

  @AfterAll
  static void closeAll() {
    if (redis != null) {
      redis.close();
    }
  }

  private static SessionWrite set(String name, Object value, Instant created) {
    Instant exp = Instant.now().plusSeconds(600);
    return new SessionWrite(SessionWrite.Mode.UPDATE, RedisStoreTest.cookie(exp), created,
        Instant.now(), Map.of(name, value), Set.of(), Optional.of(exp));
  }

  private static StoreError.Kind kind(StoreResult<?> r) {
    return r.failure().map(StoreError::kind).orElse(null);
  }

  /**
   * Writers keep updating shared sessions (some live, some destroyed before the fault) while the
   * server is paused for 3 s. Every failure must be a TIMEOUT within the bound, every acknowledged
   * write must be readable afterwards, no destroyed session may come back, and the store must work
   * again after the pause without being rebuilt.
   */
  @Test
  void clientPauseGivesTimeoutsWithinTheBoundThenRecoversWithNoLoss() throws Exception {
    long pauseMs = 3000;
    RedisStore store = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix + "pause:")
        .timeout(TIMEOUT).poolSize(4).build();
    try {
      FaultRun.Figures f = FaultRun.run("CLIENT PAUSE " + pauseMs + " ALL", store, 3, 500, () -> {
        // From a connection of its own; then wait the pause out.
        try (Jedis pauser = new Jedis(LiveRedis.HOST, LiveRedis.PORT)) {
          assertEquals("OK", pauser.clientPause(pauseMs, ClientPauseMode.ALL));
        }
        Thread.sleep(pauseMs + 100);
      }, 700);
      assertEquals(Set.of(StoreError.Kind.TIMEOUT), f.failures().keySet(), f.toString());
      assertTrue(f.failed() >= 3, "the pause was felt by every writer: " + f);
      assertTrue(f.slowestMs() <= TIMEOUT.toMillis() + SLACK_MS, f.toString());
      assertTrue(f.okAfterFault() > 0, "works again after the pause: " + f);
      assertEquals(0, f.doneOnDestroyed(), f.toString());
      assertEquals(0, f.lost(), f.toString());
      assertEquals(0, f.resurrected(), f.toString());
    } finally {
      store.close();
    }
  }

  /**
   * A pool of one and three callers during a pause: the first waits for its reply, the others for
   * the connection. Every caller gets TIMEOUT within the bound, and the pool wait is one of them.
   */
  @Test
  void waitingForAPooledConnectionIsBoundedToo() throws Exception {
    RedisStore store = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix + "wait:")
        .timeout(TIMEOUT).poolSize(1).build();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      assertEquals(StoreResult.ok(Optional.empty()), store.load("warm"));
      try (Jedis pauser = new Jedis(LiveRedis.HOST, LiveRedis.PORT)) {
        assertEquals("OK", pauser.clientPause(2000, ClientPauseMode.ALL));
      }
      List<Future<StoreResult<Optional<SessionRecord>>>> rs = new ArrayList<>();
      long[][] times = new long[3][1];
      for (int i = 0; i < 3; i++) {
        int n = i;
        rs.add(pool.submit(() -> {
          Thread.sleep(n == 0 ? 0 : 100);
          long s = System.nanoTime();
          StoreResult<Optional<SessionRecord>> r = store.load("k" + n);
          times[n][0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s);
          return r;
        }));
      }
      int poolWaits = 0;
      for (int i = 0; i < 3; i++) {
        StoreResult<Optional<SessionRecord>> r = rs.get(i).get(10, TimeUnit.SECONDS);
        assertEquals(StoreError.Kind.TIMEOUT, kind(r), r.toString());
        assertTrue(times[i][0] <= TIMEOUT.toMillis() + SLACK_MS, times[i][0] + "ms");
        if (r.failure().orElseThrow().message().contains("pooled connection")) {
          poolWaits++;
        }
      }
      System.out.printf("[redis-fault] pool of 1, 3 callers during a pause: 3 TIMEOUTs "
          + "(%d waiting for the connection), slowest %dms%n", poolWaits,
          Math.max(times[0][0], Math.max(times[1][0], times[2][0])));
      assertTrue(poolWaits >= 1, "no caller timed out in the pool wait");
      // The pause ends about 2 s after it began; the same store (pool of one) then serves again.
      for (int i = 0; i < 30 && !store.load("k").ok(); i++) {
        Thread.sleep(100);
      }
      assertEquals(StoreResult.ok(Optional.empty()), store.load("k"));
    } finally {
      pool.shutdownNow();
      store.close();
    }
  }

  @Test
  void unreachablePortIsUnavailableFast() {
    RedisStore store = RedisStore.builder(URI.create("redis://127.0.0.1:1")).timeout(TIMEOUT).build();
    try {
      long s = System.nanoTime();
      assertEquals(StoreError.Kind.UNAVAILABLE, kind(store.load("x")));
      assertEquals(StoreError.Kind.UNAVAILABLE,
          kind(store.save("x", RedisStoreTest.create(Map.of(), Instant.now().plusSeconds(60)))));
      assertEquals(StoreError.Kind.UNAVAILABLE, kind(store.save("x", set("a", 1, Instant.now()))));
      assertEquals(StoreError.Kind.UNAVAILABLE, kind(store.destroy("x")));
      assertEquals(StoreError.Kind.UNAVAILABLE, kind(store.ids()));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s);
      assertTrue(ms < TIMEOUT.toMillis(), "five refused operations took " + ms + "ms");
    } finally {
      store.close();
    }
  }

  /**
   * What a server restart does to a pool, without restarting the shared server: every connection
   * of the store is killed while idle. At most one operation fails (UNAVAILABLE); the store then
   * drops the other dead idle connections and the rest reconnect.
   */
  @Test
  void killedConnectionsCostAtMostOneFailureThenTheStoreReconnects() throws Exception {
    String name = "sctest-kill-" + UUID.randomUUID().toString().substring(0, 8);
    RedisStore store = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix + "kill:")
        .timeout(TIMEOUT).poolSize(4).clientName(name).build();
    try {
      Instant exp = Instant.now().plusSeconds(600);
      assertEquals(StoreResult.ok(WriteStatus.DONE),
          store.save("k", RedisStoreTest.create(Map.of("a", 1), exp)));
      warm(store, 4);
      List<String> ids = redis.clientIds(name);
      assertTrue(ids.size() >= 2, "pool holds several connections: " + ids);
      for (String id : ids) {
        redis.admin.clientKill(new ClientKillParams().id(id));
      }
      int failures = 0;
      for (int i = 0; i < 10; i++) {
        StoreResult<Optional<SessionRecord>> r = store.load("k");
        if (!r.ok()) {
          assertEquals(StoreError.Kind.UNAVAILABLE, kind(r), r.toString());
          failures++;
        } else {
          assertEquals(Map.of("a", 1), r.orThrow().orElseThrow().attributes());
        }
      }
      System.out.printf("[redis-fault] CLIENT KILL of %d pooled connections: 10 operations, "
          + "%d failed (UNAVAILABLE), then reconnected%n", ids.size(), failures);
      assertTrue(failures <= 1, failures + " failures after the kill");
    } finally {
      store.close();
    }
  }

  private static void warm(RedisStore store, int parallel) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      CountDownLatch go = new CountDownLatch(parallel);
      List<Future<Boolean>> fs = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        fs.add(pool.submit(() -> {
          go.countDown();
          go.await();
          boolean all = true;
          for (int k = 0; k < 50; k++) {
            all &= store.load("k").ok();
          }
          return all;
        }));
      }
      for (Future<Boolean> f : fs) {
        assertTrue(f.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }
  }

  /** Connections (by CLIENT LIST) and threads come back to what they were once the store is closed. */
  @Test
  void closeReleasesEveryConnectionAndStartsNoThread() throws Exception {
    String name = "sctest-leak-" + UUID.randomUUID().toString().substring(0, 8);
    Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
    assertEquals(List.of(), redis.clientIds(name));
    RedisStore store = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix + "leak:")
        .timeout(TIMEOUT).poolSize(4).clientName(name).build();
    assertEquals(StoreResult.ok(WriteStatus.DONE),
        store.save("k", RedisStoreTest.create(Map.of("a", 1), Instant.now().plusSeconds(600))));
    warm(store, 6);
    int during = redis.clientIds(name).size();
    assertTrue(during >= 1 && during <= 4, during + " connections for a pool of 4");
    store.close();
    List<String> left = redis.clientIds(name);
    for (int i = 0; i < 20 && !left.isEmpty(); i++) {
      Thread.sleep(50);
      left = redis.clientIds(name);
    }
    assertEquals(List.of(), left, "connections left open after close()");
    Set<String> newThreads = new java.util.TreeSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !threadsBefore.contains(t) && !t.getName().startsWith("pool-")) {
        newThreads.add(t.getName());
      }
    }
    assertEquals(Set.of(), newThreads, "threads the store left running");
    System.out.printf("[redis-fault] leak check: %d connections while busy, 0 after close, "
        + "no new threads%n", during);
    assertFalse(store.load("k").ok());
  }
}

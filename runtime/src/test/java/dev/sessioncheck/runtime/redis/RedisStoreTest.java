package dev.sessioncheck.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessioncheck.runtime.CommitResult;
import dev.sessioncheck.runtime.LoadResult;
import dev.sessioncheck.runtime.RequestInfo;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoredCookie;
import dev.sessioncheck.runtime.WriteStatus;
import dev.sessioncheck.runtime.cookie.CookieSigner;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real redis-server started on a free port for this class. Skipped when no {@code
 * redis-server} is on the PATH, unless {@code SESSIONCHECK_REQUIRE_SERVICES=1} (as in CI), which
 * makes that a failure. The Redis-free parts are in {@link RespTest} and {@link RedisFailureTest}.
 */
class RedisStoreTest {
  private static final StoredCookie COOKIE = new StoredCookie(Optional.empty(), Optional.empty(),
      Optional.empty(), true, Optional.empty(), "/", Optional.of("lax"), false, Optional.empty());

  private static Process server;
  private static int port;
  private RedisStore store;

  private static Optional<String> redisServer() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "redis-server");
      if (f.canExecute()) {
        return Optional.of(f.getPath());
      }
    }
    return Optional.empty();
  }

  @BeforeAll
  static void startRedis() throws Exception {
    Optional<String> binary = redisServer();
    if (binary.isEmpty()) {
      if ("1".equals(System.getenv("SESSIONCHECK_REQUIRE_SERVICES"))) {
        // CI promises the services: a missing server must fail the build, not skip the tests.
        throw new IllegalStateException(
            "SESSIONCHECK_REQUIRE_SERVICES=1 but no redis-server is on the PATH");
      }
      return;
    }
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    server = new ProcessBuilder(binary.get(), "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void open() {
    assumeTrue(server != null, "redis-server is not installed");
    store = RedisStore.builder("127.0.0.1", port).build();
    assertTrue(store.clear().ok());
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private static SessionWrite create(Map<String, Object> attrs, Optional<Instant> expiresAt) {
    Instant now = Instant.now();
    return new SessionWrite(SessionWrite.Mode.CREATE, COOKIE, now, now, attrs, Set.of(), expiresAt);
  }

  private static SessionWrite update(Map<String, Object> set, Set<String> removed) {
    Instant now = Instant.now();
    return new SessionWrite(SessionWrite.Mode.UPDATE, COOKIE, now, now, set, removed, Optional.empty());
  }

  /** A raw command on a fresh connection, for checks behind the store's back. */
  private static Object raw(String... args) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      List<byte[]> encoded = new ArrayList<>();
      for (String a : args) {
        encoded.add(a.getBytes(StandardCharsets.UTF_8));
      }
      Resp.write(s.getOutputStream(), encoded);
      return Resp.read(s.getInputStream());
    }
  }

  @Test
  void createLoadMergeTouchDestroy() throws IOException {
    Instant in60s = Instant.now().plusSeconds(60);
    assertEquals(WriteStatus.DONE, store.save("s", create(Map.of("a", 1, "b", 2), Optional.of(in60s))).orThrow());
    long pttl = (Long) raw("PTTL", "sess:s");
    assertTrue(pttl > 50_000 && pttl <= 60_000, "ttl " + pttl);
    assertEquals(StoreError.Kind.CONFLICT,
        store.save("s", create(Map.of(), Optional.empty())).failure().orElseThrow().kind());
    assertEquals(WriteStatus.DONE, store.save("s", update(Map.of("b", 3, "c", 4), Set.of("a"))).orThrow());
    assertEquals(Map.of("b", 3, "c", 4), store.load("s").orThrow().orElseThrow().attributes());
    assertEquals(WriteStatus.DONE, store.touch("s",
        new SessionTouch(COOKIE, Instant.now(), Optional.of(Instant.now().plusSeconds(600)))).orThrow());
    assertTrue((Long) raw("PTTL", "sess:s") > 500_000);
    assertEquals(List.of("s"), store.ids().orThrow());
    assertEquals(1L, store.count().orThrow());
    assertEquals(WriteStatus.DONE, store.destroy("s").orThrow());
    assertEquals(WriteStatus.NOT_FOUND, store.destroy("s").orThrow());
    assertEquals(Optional.empty(), store.load("s").orThrow());
  }

  @Test
  void updateAndTouchNeverCreate() {
    assertEquals(WriteStatus.NOT_FOUND, store.save("gone", update(Map.of("a", 1), Set.of())).orThrow());
    assertEquals(WriteStatus.NOT_FOUND,
        store.touch("gone", new SessionTouch(COOKIE, Instant.now(), Optional.empty())).orThrow());
    assertEquals(0L, store.count().orThrow());
  }

  @Test
  void readsWhatConnectRedisWrites() throws IOException {
    raw("SET", "sess:node", "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,"
        + "\"path\":\"/\"},\"views\":3}");
    assertEquals(Map.of("views", 3), store.load("node").orThrow().orElseThrow().attributes());
    raw("SET", "sess:bad", "not json");
    assertEquals(StoreError.Kind.CORRUPT, store.load("bad").failure().orElseThrow().kind());
    raw("SET", "other:x", "{}");
    assertEquals(Set.of("node", "bad"), Set.copyOf(store.ids().orThrow()), "only the prefix's keys");
  }

  @Test
  void concurrentMergesLoseNothingAndDestroyWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      assertTrue(store.save("s", create(Map.of(), Optional.empty())).ok());
      CyclicBarrier start = new CyclicBarrier(8);
      List<Future<WriteStatus>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          start.await();
          return store.save("s", update(Map.of("k" + n, n), Set.of())).orThrow();
        }));
      }
      Map<String, Object> expected = new HashMap<>();
      for (int i = 0; i < 8; i++) {
        assertEquals(WriteStatus.DONE, results.get(i).get(30, TimeUnit.SECONDS));
        expected.put("k" + i, i);
      }
      assertEquals(expected, store.load("s").orThrow().orElseThrow().attributes());

      CyclicBarrier race = new CyclicBarrier(2);
      Future<WriteStatus> destroy = pool.submit(() -> {
        race.await();
        return store.destroy("s").orThrow();
      });
      Future<WriteStatus> late = pool.submit(() -> {
        race.await();
        return store.save("s", update(Map.of("late", true), Set.of())).orThrow();
      });
      assertEquals(WriteStatus.DONE, destroy.get(30, TimeUnit.SECONDS));
      late.get(30, TimeUnit.SECONDS);
      assertEquals(Optional.empty(), store.load("s").orThrow(), "not resurrected");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void worksUnderTheSessionManagerWithNodeCompatibleCookies() throws IOException {
    try (SessionManager m = new SessionManager(SessionConfig.builder("keyboard cat")
        .idGenerator(() -> "apple").store(store).build())) {
      Session s = assertInstanceOf(LoadResult.Loaded.class, m.load(RequestInfo.ofCookies())).session();
      s.set("user", "alice");
      String set = assertInstanceOf(CommitResult.Committed.class, m.commit(s, RequestInfo.ofCookies()))
          .setCookieHeader().orElseThrow();
      assertTrue(set.startsWith("connect.sid="
          + CookieSigner.ofSecrets(List.of("keyboard cat")).cookieValue("apple") + ";"), set);
      String json = new String((byte[]) raw("GET", "sess:apple"), StandardCharsets.UTF_8);
      assertTrue(json.startsWith("{\"cookie\":{") && json.endsWith(",\"user\":\"alice\"}"), json);
      long ttl = (Long) raw("PTTL", "sess:apple");
      assertTrue(ttl > 29 * 60_000 && ttl <= 30 * 60_000, "idle timeout as TTL: " + ttl);
      Session again = assertInstanceOf(LoadResult.Loaded.class,
          m.load(RequestInfo.ofCookies(set.substring(0, set.indexOf(';'))))).session();
      assertFalse(again.isNew());
      assertEquals("alice", again.get("user"));
    }
  }
}

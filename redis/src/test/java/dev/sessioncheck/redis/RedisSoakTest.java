package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.http.SessionHttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's soak on this store: many HTTP clients × many requests on a few shared sessions,
 * through the runtime's HTTP integration, bounded in time, with some sessions logged out mid-run.
 * A 200 from {@code /set} is an acknowledged write (the session is committed before the response
 * headers go out). Books: every acknowledged write of a session that was never destroyed is in
 * Redis afterwards, no destroyed session exists again, and no response is a 500 (or any non-200).
 */
class RedisSoakTest {
  private static final int SESSIONS = 8;
  private static final int CLIENTS = 16;
  private static final long RUN_MS = 6000;
  private static LiveRedis redis;
  private static RedisStore store;
  private static SessionManager manager;
  private static HttpServer server;
  private static ExecutorService serverThreads;

  @BeforeAll
  static void start() throws IOException {
    redis = LiveRedis.connectOrSkip();
    store = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix).poolSize(16).build();
    manager = new SessionManager(SessionConfig.builder("soak secret").store(store)
        .maxAge(Duration.ofHours(1)).build());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    serverThreads = Executors.newFixedThreadPool(16);
    server.setExecutor(serverThreads);
    server.createContext("/set", SessionHttpHandler.wrap(manager, (exchange, session) -> {
      String attr = exchange.getRequestURI().getQuery();
      session.set(attr, attr.length());
      text(exchange, 200, session.id());
    }));
    server.createContext("/logout", SessionHttpHandler.wrap(manager, (exchange, session) -> {
      DestroyResult d = session.destroy();
      text(exchange, d.ok() ? 200 : 503, d.toString());
    }));
    server.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.stop(0);
      serverThreads.shutdownNow();
      if (!serverThreads.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("server threads still running 5 s after shutdownNow()");
      }
    }
    if (manager != null) {
      manager.close();
    }
    if (store != null) {
      store.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
  }

  private static HttpResponse<String> get(HttpClient http, String pathAndQuery, String cookie)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void manyClientsOnSharedSessionsLoseNothingAndResurrectNothing() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<String> cookies = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      HttpResponse<String> r = get(http, "/set?seed" + i, null);
      assertEquals(200, r.statusCode(), r.body());
      String set = r.headers().firstValue("set-cookie").orElseThrow();
      cookies.add(set.substring(0, set.indexOf(';')));
      ids.add(r.body());
    }
    // Sessions 0 and 1 are logged out half-way through.
    Set<String> destroyed = Set.of(ids.get(0), ids.get(1));

    Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger writesToReplacements = new AtomicInteger();
    long t0 = System.nanoTime();
    long end = t0 + TimeUnit.MILLISECONDS.toNanos(RUN_MS);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        futures.add(clients.submit(() -> {
          int k = 0;
          while (System.nanoTime() < end) {
            int s = ThreadLocalRandom.current().nextInt(SESSIONS);
            String attr = "c" + client + "x" + k++;
            HttpResponse<String> r = get(http, "/set?" + attr, cookies.get(s));
            requests.incrementAndGet();
            statuses.computeIfAbsent(r.statusCode(), x -> new AtomicInteger()).incrementAndGet();
            if (r.statusCode() == 200) {
              // The body names the session that took the write: after a logout, the old cookie
              // gets a new session (the old one is not brought back).
              acknowledged.computeIfAbsent(r.body(), x -> ConcurrentHashMap.newKeySet()).add(attr);
              if (!r.body().equals(ids.get(s))) {
                writesToReplacements.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      futures.add(clients.submit(() -> {
        Thread.sleep(RUN_MS / 2);
        for (int s = 0; s < 2; s++) {
          HttpResponse<String> r = get(http, "/logout", cookies.get(s));
          requests.incrementAndGet();
          statuses.computeIfAbsent(r.statusCode(), x -> new AtomicInteger()).incrementAndGet();
        }
        return null;
      }));
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
      if (!clients.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("soak clients still running 5 s after shutdownNow()");
      }
    }

    int checked = 0;
    int lost = 0;
    for (Map.Entry<String, Set<String>> e : acknowledged.entrySet()) {
      if (destroyed.contains(e.getKey())) {
        continue;
      }
      Optional<SessionRecord> r = store.load(e.getKey()).orThrow();
      for (String attr : e.getValue()) {
        checked++;
        if (r.isEmpty() || !r.get().attributes().containsKey(attr)) {
          lost++;
        }
      }
    }
    int resurrected = 0;
    for (String id : destroyed) {
      if (redis.admin.exists(store.key(id))) {
        resurrected++;
      }
    }
    Map<Integer, Integer> byStatus = new TreeMap<>();
    statuses.forEach((k, v) -> byStatus.put(k, v.get()));
    System.out.printf("[redis-soak] %d clients x %d shared sessions for %dms through "
        + "SessionHttpHandler: requests=%d statuses=%s acknowledgedWritesChecked=%d "
        + "writesToReplacementSessions=%d lost=%d resurrected=%d%n", CLIENTS, SESSIONS, RUN_MS,
        requests.get(), byStatus, checked, writesToReplacements.get(), lost, resurrected);
    assertEquals(Set.of(200), byStatus.keySet(), "every response a 200: " + byStatus);
    assertTrue(checked > 300, "a soak, not a sip: " + checked + " writes checked");
    assertEquals(0, lost, "acknowledged writes lost");
    assertEquals(0, resurrected, "destroyed sessions resurrected");
  }
}

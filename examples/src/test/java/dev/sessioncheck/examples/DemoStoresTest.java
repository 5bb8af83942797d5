package dev.sessioncheck.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.examples.testing.Cookies;
import dev.sessioncheck.examples.testing.Services;
import dev.sessioncheck.redis.RedisStore;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The demo's login flow on each store it takes, and, on the shared stores, the point of having
 * them: a second instance of the demo serves the session the first one created.
 */
class DemoStoresTest {
  /** Keeps this run's keys and tables apart from other runs and other tests on the same servers. */
  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final String SECRET = "demo-stores-test secret " + RUN;

  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** The stored form of a session, read behind the demo's back; empty when there is none. */
  @FunctionalInterface
  private interface Peek {
    Optional<String> stored(String id) throws Exception;
  }

  @Test
  void memory() throws Exception {
    // Each instance has its own memory: the second one must not know the first one's session.
    flow(new DemoStore.Memory(), Optional.empty());
  }

  @Test
  void redis() throws Exception {
    Services.assumeReachable("Redis at " + Services.REDIS_URL, () -> {
      try (Jedis jedis = jedis(1000)) {
        String pong = jedis.ping();
        return "PONG".equals(pong) ? Optional.empty() : Optional.of("PING answered " + pong);
      }
    });
    String prefix = "sessioncheck-demo-test:" + RUN + ":";
    try (Jedis jedis = jedis(2000)) {
      flow(new DemoStore.Redis(URI.create(Services.REDIS_URL), prefix),
          Optional.of(id -> Optional.ofNullable(jedis.get(prefix + id))));
    } finally {
      try (RedisStore cleanup = RedisStore.builder(URI.create(Services.REDIS_URL))
          .prefix(prefix).build()) {
        cleanup.clear().orThrow();
      }
    }
  }

  @Test
  void postgres() throws Exception {
    Services.assumeReachable("PostgreSQL at " + Services.POSTGRES_URL, () -> {
      try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL + "&connectTimeout=2");
          Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
        return rs.next() ? Optional.empty() : Optional.of("SELECT 1 returned no row");
      }
    });
    String table = "demo_sessions_" + RUN;
    try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL)) {
      try {
        flow(new DemoStore.Jdbc(Services.POSTGRES_URL, table), Optional.of(id -> row(c, table, id)));
      } finally {
        try (Statement st = c.createStatement()) {
          st.execute("DROP TABLE IF EXISTS " + table);
        }
      }
    }
  }

  @Test
  void h2InMemory() throws Exception {
    String url = "jdbc:h2:mem:demo_" + RUN;
    // The demo keeps a mem: database open for the JVM's life; this connection reads the same one.
    try (Connection c = DriverManager.getConnection(url + ";DB_CLOSE_DELAY=-1")) {
      try {
        flow(new DemoStore.Jdbc(url, "demo_sessions"),
            Optional.of(id -> row(c, "demo_sessions", id)));
      } finally {
        try (Statement st = c.createStatement()) {
          st.execute("SHUTDOWN");
        }
      }
    }
  }

  @Test
  void unreachableStoresFailAtStartupWithinTheBound() throws Exception {
    int port = closedPort();
    for (DemoStore store : new DemoStore[] {
        new DemoStore.Redis(URI.create("redis://127.0.0.1:" + port), "sess:"),
        new DemoStore.Jdbc("jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres",
            "sessioncheck_sessions")}) {
      long start = System.nanoTime();
      DemoStore.StartupException e = assertThrows(DemoStore.StartupException.class,
          () -> DemoApp.start(DemoApp.Settings.defaults().withPort(0).withStore(store)),
          store.describe());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(e.getMessage().startsWith("cannot reach "), e.getMessage());
      assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
      assertTrue(ms < 5_000, store.describe() + " took " + ms + " ms to fail");
    }
  }

  @Test
  void mainExitsWith2WhenTheStoreIsUnreachable() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DemoApp.class.getName(), "--port", "0", "--secret", SECRET,
        "--store", "redis://:hunter2@127.0.0.1:" + closedPort())
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the demo must not hang: " + output);
    assertEquals(2, p.exitValue(), output);
    assertTrue(output.contains("sessioncheck demo: cannot reach Redis at redis://***@127.0.0.1:"),
        output);
    assertFalse(output.contains("hunter2"), output);
  }

  /**
   * GET / → POST /login → GET /me → POST /logout → GET /me (401) on one instance, with a second
   * instance on the same store and secret: with {@code peek} the store is shared and the second
   * instance must serve the session; without, each instance has its own and must not.
   */
  private void flow(DemoStore store, Optional<Peek> peek) throws Exception {
    DemoApp.Settings settings =
        DemoApp.Settings.defaults().withPort(0).withStore(store).withSecret(SECRET);
    boolean shared = peek.isPresent();
    try (DemoApp first = DemoApp.start(settings); DemoApp second = DemoApp.start(settings)) {
      HttpResponse<String> home = send(first, "GET", "/", null, null);
      assertEquals(200, home.statusCode(), home.body());
      assertTrue(home.body().contains("Views of this page in this session: 1"), home.body());
      String anonymous = Cookies.sessionCookie(home).orElseThrow();
      String anonymousId = Cookies.sessionId(anonymous);
      if (shared) {
        String stored = peek.get().stored(anonymousId).orElseThrow(
            () -> new AssertionError(store.describe() + " must hold the new session"));
        assertTrue(stored.contains("\"views\":1"), stored);
      }

      HttpResponse<String> login = send(first, "POST", "/login", anonymous, "user=ada");
      assertEquals(303, login.statusCode(), login.body());
      assertEquals(Optional.of("/me"), login.headers().firstValue("Location"));
      String loggedIn = Cookies.sessionCookie(login).orElseThrow();
      String loggedInId = Cookies.sessionId(loggedIn);
      assertNotEquals(anonymousId, loggedInId, "login must regenerate the session id");
      if (shared) {
        assertEquals(Optional.empty(), peek.get().stored(anonymousId),
            "the pre-login session must be gone from " + store.describe());
        String stored = peek.get().stored(loggedInId).orElseThrow(
            () -> new AssertionError(store.describe() + " must hold the logged-in session"));
        assertTrue(stored.contains("\"user\":\"ada\""), stored);
        assertFalse(stored.contains("\"views\""), "nothing carried over at login: " + stored);
      }

      HttpResponse<String> me = send(first, "GET", "/me", loggedIn, null);
      assertEquals(200, me.statusCode(), me.body());
      assertTrue(me.body().contains("<b id=\"user\">ada</b>"), me.body());

      HttpResponse<String> elsewhere = send(second, "GET", "/me", loggedIn, null);
      if (shared) {
        assertEquals(200, elsewhere.statusCode(),
            "a second instance on " + store.describe() + " must serve the session: "
                + elsewhere.body());
        assertTrue(elsewhere.body().contains("<b id=\"user\">ada</b>"), elsewhere.body());
      } else {
        assertEquals(401, elsewhere.statusCode(), "memory is per process: " + elsewhere.body());
      }

      HttpResponse<String> logout = send(first, "POST", "/logout", loggedIn, "");
      assertEquals(303, logout.statusCode(), logout.body());
      assertEquals(Optional.of("/"), logout.headers().firstValue("Location"));
      assertTrue(Cookies.setCookies(logout).get(0).startsWith("connect.sid=;"),
          "logout clears the cookie: " + logout.headers());

      assertEquals(401, send(first, "GET", "/me", loggedIn, null).statusCode(),
          "the logged-out cookie must not work");
      assertEquals(401, send(second, "GET", "/me", loggedIn, null).statusCode(),
          "nor on the second instance");
      if (shared) {
        assertEquals(Optional.empty(), peek.get().stored(loggedInId),
            "logout must delete the session from " + store.describe());
      }
    }
    // Closing the demo closes the pool (HikariCP's threads carry its name) and the sweeper.
    // An executor counts as terminated once its last worker has left the pool, a moment before
    // that thread has returned from run(); so each one gets a bounded join before the check.
    java.util.List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("sessioncheck-demo")
            || t.getName().startsWith("demo-session-sweep"))
        .toList();
    for (Thread t : ours) {
      t.join(5_000);
    }
    assertEquals(java.util.List.of(), ours.stream().filter(Thread::isAlive).map(Thread::getName)
        .toList(), "threads left 5 s after close() on " + store.describe());
  }

  private static Jedis jedis(int timeoutMillis) {
    URI uri = URI.create(Services.REDIS_URL);
    return new Jedis(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), timeoutMillis);
  }

  private static Optional<String> row(Connection c, String table, String id) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private HttpResponse<String> send(DemoApp app, String method, String path, String cookie,
      String form) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url()).resolve(path))
        .timeout(Duration.ofSeconds(10));
    if (form == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .method(method, HttpRequest.BodyPublishers.ofString(form));
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A port nothing listens on (free a moment ago). */
  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

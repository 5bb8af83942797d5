package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idle, absolute and cookie expiry over HTTP, on a clock the test moves. */
class ExpiryTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
  private final MemoryStore store = MemoryStore.builder().clock(clock).build();
  private SessionManager manager;
  private TestServer server;
  private Browser browser;

  private void start(SessionConfig.Builder config) {
    manager = new SessionManager(config.store(store).clock(clock).build());
    server = TestServer.start()
        .route("/count", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          long n = session.get("n", Number.class).map(Number::longValue).orElse(0L) + 1;
          session.set("n", n);
          Http.text(exchange, 200, Long.toString(n));
        }))
        .route("/peek", SessionHttpHandler.wrap(manager, (exchange, session) ->
            Http.text(exchange, 200, session.get("n", Number.class).map(Object::toString).orElse("none"))));
    browser = new Browser(server, clock);
  }

  @AfterEach
  void stop() {
    server.close();
    manager.close();
    store.close();
  }

  private static SessionConfig.Builder config() {
    return SessionConfig.builder("expiry secret");
  }

  @Test
  void idleTimeoutCountsFromTheLastRequest() throws Exception {
    start(config().idleTimeout(Duration.ofMinutes(10)).noAbsoluteTimeout());
    assertEquals("1", browser.get("/count").body());
    clock.advance(Duration.ofMinutes(9));
    assertEquals("2", browser.get("/count").body());
    // A read-only request counts as activity too (the store is touched).
    clock.advance(Duration.ofMinutes(9));
    assertEquals("2", browser.get("/peek").body());
    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertEquals("3", browser.get("/count").body());
    String cookie = browser.cookie(Cookies.NAME);

    clock.advance(Duration.ofMinutes(10));
    HttpResponse<String> expired = browser.get("/count");
    assertEquals(200, expired.statusCode());
    assertEquals("1", expired.body());
    assertNotEquals(Cookies.idOf(cookie), Cookies.idOf(browser.cookie(Cookies.NAME)));
    assertEquals(Optional.empty(), store.load(Cookies.idOf(cookie)).orThrow());
  }

  @Test
  void absoluteTimeoutEndsEvenABusySession() throws Exception {
    start(config().idleTimeout(Duration.ofMinutes(10)).absoluteTimeout(Duration.ofMinutes(30)));
    assertEquals("1", browser.get("/count").body());
    String first = Cookies.idOf(browser.cookie(Cookies.NAME));
    for (int n = 2; n <= 4; n++) {
      clock.advance(Duration.ofMinutes(9));
      assertEquals(Long.toString(n), browser.get("/count").body());
    }
    clock.advance(Duration.ofMinutes(3)); // 30 minutes after creation, 3 after the last request
    assertEquals("none", browser.get("/peek").body());
    assertEquals("1", browser.get("/count").body());
    assertNotEquals(first, Cookies.idOf(browser.cookie(Cookies.NAME)));
  }

  @Test
  void aCookieMaxAgeExpiresTheSessionEvenIfTheClientKeepsTheCookie() throws Exception {
    start(config().maxAge(Duration.ofMinutes(5)).noIdleTimeout().noAbsoluteTimeout());
    HttpResponse<String> first = browser.get("/count");
    List<String> setCookies = first.headers().allValues("Set-Cookie");
    assertEquals(1, setCookies.size());
    assertTrue(setCookies.get(0).contains("; Expires=Mon, 05 Jan 2026 10:05:00 GMT"), setCookies.get(0));
    String cookie = browser.cookie(Cookies.NAME);

    clock.advance(Duration.ofMinutes(5));
    assertNull(browser.cookie(Cookies.NAME));
    assertEquals("none", browser.get("/peek").body());
    // A client that ignores Expires gets nothing for it either.
    browser.setCookie(Cookies.NAME, cookie);
    assertEquals("none", browser.get("/peek").body());
    assertEquals("1", browser.get("/count").body());
  }
}

package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation as deployed: the same store behind three generations of one app — before (old
 * secret only), during (new secret signs, old still verifies) and after (new only).
 */
class SecretRotationTest {
  private static final String OLD = "old secret";
  private static final String NEW = "new secret";

  private final MemoryStore store = new MemoryStore();
  private final List<SessionManager> managers = new ArrayList<>();
  private TestServer server;
  private Browser browser;

  @BeforeEach
  void start() {
    server = TestServer.start()
        .route("/before/", counter(SessionConfig.builder(OLD)))
        .route("/during/", counter(SessionConfig.builder(NEW, OLD)))
        .route("/after/", counter(SessionConfig.builder(NEW)));
    browser = new Browser(server);
  }

  private SessionHttpHandler counter(SessionConfig.Builder config) {
    SessionManager manager = new SessionManager(config.store(store).build());
    managers.add(manager);
    return SessionHttpHandler.wrap(manager, (exchange, session) -> {
      long n = session.get("n", Number.class).map(Number::longValue).orElse(0L) + 1;
      session.set("n", n);
      Http.text(exchange, 200, Long.toString(n));
    });
  }

  @AfterEach
  void stop() {
    server.close();
    managers.forEach(SessionManager::close);
    store.close();
  }

  @Test
  void anOldCookieIsAcceptedAndReSignedWithTheNewSecret() throws Exception {
    assertEquals("1", browser.get("/before/").body());
    String oldCookie = browser.cookie(Cookies.NAME);
    String id = Cookies.idOf(oldCookie);
    assertEquals(Cookies.mint(id, OLD), oldCookie);

    HttpResponse<String> during = browser.get("/during/");
    assertEquals("2", during.body());
    assertEquals(1, during.headers().allValues("Set-Cookie").size());
    assertEquals(Cookies.mint(id, NEW), browser.cookie(Cookies.NAME));

    // Once re-signed, the session survives the old secret's removal.
    assertEquals("3", browser.get("/after/").body());
    assertEquals(List.of(), browser.lastSetCookies());
  }

  @Test
  void afterTheOldSecretIsDroppedItsCookiesGiveANewSession() throws Exception {
    browser.get("/before/");
    String oldCookie = browser.cookie(Cookies.NAME);

    HttpResponse<String> after = browser.get("/after/");
    assertEquals(200, after.statusCode());
    assertEquals("1", after.body());
    String fresh = browser.cookie(Cookies.NAME);
    assertEquals(Cookies.mint(Cookies.idOf(fresh), NEW), fresh);
    // The old session is still there for a server that knows the old secret.
    browser.setCookie(Cookies.NAME, oldCookie);
    assertEquals("2", browser.get("/during/").body());
  }

  @Test
  void newCookiesAreSignedWithTheFirstSecret() throws Exception {
    browser.get("/during/");
    String cookie = browser.cookie(Cookies.NAME);
    assertEquals(Cookies.mint(Cookies.idOf(cookie), NEW), cookie);
    assertEquals("2", browser.get("/after/").body());
  }
}

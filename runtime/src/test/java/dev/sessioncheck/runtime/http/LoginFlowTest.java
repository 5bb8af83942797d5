package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.Carry;
import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.RegenerateResult;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login (regenerate), who-am-I and logout (destroy) as a browser would drive them. */
class LoginFlowTest {
  private final MemoryStore store = new MemoryStore();
  private SessionManager manager;
  private TestServer server;
  private Browser browser;

  @BeforeEach
  void start() {
    manager = new SessionManager(SessionConfig.builder("login flow secret").store(store).build());
    server = TestServer.start()
        .route("/visit", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          long visits = session.get("visits", Number.class).map(Number::longValue).orElse(0L) + 1;
          session.set("visits", visits);
          session.set("cart", List.of("book"));
          Http.text(exchange, 200, Long.toString(visits));
        }))
        .route("/login", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          Map<String, String> form = Http.form(exchange);
          Carry carry = "keep".equals(form.get("cart")) ? Carry.KEEP_DATA : Carry.DROP_DATA;
          if (!(session.regenerate(carry) instanceof RegenerateResult.Regenerated regenerated)) {
            Http.text(exchange, 503, "login failed");
            return;
          }
          Session next = regenerated.session();
          next.set("user", form.get("user"));
          Http.redirect(exchange, "/me");
        }))
        .route("/me", SessionHttpHandler.wrap(manager, (exchange, session) ->
            Http.text(exchange, 200, describe(session))))
        .route("/logout", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          DestroyResult destroyed = session.destroy();
          if (!destroyed.ok()) {
            Http.text(exchange, 503, "logout failed");
            return;
          }
          Http.redirect(exchange, "/");
        }));
    browser = new Browser(server);
  }

  private static String describe(Session session) {
    return session.get("user", String.class).orElse("anonymous")
        + (session.isNew() ? " new" : " known")
        + " cart=" + session.get("cart", List.class).map(Object::toString).orElse("none");
  }

  @AfterEach
  void stop() {
    server.close();
    manager.close();
    store.close();
  }

  @Test
  void loginRegeneratesTheIdAndTheOldCookieStopsWorking() throws Exception {
    assertEquals("1", browser.get("/visit").body());
    String before = browser.cookie(Cookies.NAME);
    String beforeId = Cookies.idOf(before);

    HttpResponse<String> login = browser.post("/login", "user=ada");
    assertEquals(303, login.statusCode());
    assertEquals("/me", login.headers().firstValue("Location").orElseThrow());
    String after = browser.cookie(Cookies.NAME);
    assertNotEquals(beforeId, Cookies.idOf(after));
    assertEquals(Optional.empty(), store.load(beforeId).orThrow());

    assertEquals("ada known cart=none", browser.get("/me").body());

    browser.setCookie(Cookies.NAME, before);
    HttpResponse<String> replay = browser.get("/me");
    assertEquals(200, replay.statusCode());
    assertEquals("anonymous new cart=none", replay.body());
  }

  @Test
  void loginCanCarryTheCartAcross() throws Exception {
    browser.get("/visit");
    assertEquals(303, browser.post("/login", "user=bob&cart=keep").statusCode());
    assertEquals("bob known cart=[book]", browser.get("/me").body());
  }

  @Test
  void loginWithoutAPriorSessionSetsACookie() throws Exception {
    HttpResponse<String> login = browser.post("/login", "user=cy");
    assertEquals(303, login.statusCode());
    assertEquals(1, login.headers().allValues("Set-Cookie").size());
    assertEquals("cy known cart=none", browser.get("/me").body());
  }

  @Test
  void logoutDestroysTheSessionAndClearsTheCookie() throws Exception {
    browser.post("/login", "user=ada");
    String loggedIn = browser.cookie(Cookies.NAME);
    String id = Cookies.idOf(loggedIn);

    HttpResponse<String> logout = browser.post("/logout");
    assertEquals(303, logout.statusCode());
    List<String> setCookies = logout.headers().allValues("Set-Cookie");
    assertEquals(1, setCookies.size());
    assertTrue(Cookies.clears(setCookies.get(0)), setCookies.get(0));
    assertNull(browser.cookie(Cookies.NAME));
    assertEquals(Optional.empty(), store.load(id).orThrow());

    // A stolen copy of the old cookie is worth nothing now.
    browser.setCookie(Cookies.NAME, loggedIn);
    HttpResponse<String> replay = browser.get("/me");
    assertEquals(200, replay.statusCode());
    assertEquals("anonymous new cart=none", replay.body());
    assertEquals(List.of(), replay.headers().allValues("Set-Cookie"));
    assertEquals(Optional.empty(), store.load(id).orThrow());
  }

  @Test
  void anonymousReadsLeaveNoCookieAndNoRecord() throws Exception {
    HttpResponse<String> me = browser.get("/me");
    assertEquals("anonymous new cart=none", me.body());
    assertEquals(List.of(), me.headers().allValues("Set-Cookie"));
    assertEquals(0, store.entryCount());
  }
}

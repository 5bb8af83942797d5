package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a client puts in the session cookie, the answer is a normal response with a new
 * session, never a 500, and the real session is untouched.
 */
class CookieTamperingTest {
  private static final String SECRET = "tamper secret";

  private final MemoryStore store = new MemoryStore();
  private SessionManager manager;
  private TestServer server;
  private Browser browser;
  /** A genuine cookie of a session that holds n=1. */
  private String genuine;
  private String genuineId;

  @BeforeEach
  void start() throws Exception {
    manager = new SessionManager(SessionConfig.builder(SECRET).store(store).build());
    server = TestServer.start()
        .route("/count", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          long n = session.get("n", Number.class).map(Number::longValue).orElse(0L) + 1;
          session.set("n", n);
          Http.text(exchange, 200, n + (session.isNew() ? " new" : " known"));
        }))
        .route("/peek", SessionHttpHandler.wrap(manager, (exchange, session) ->
            Http.text(exchange, 200, session.isNew() ? "new" : "known")));
    browser = new Browser(server);
    assertEquals("1 new", browser.get("/count").body());
    genuine = browser.cookie(Cookies.NAME);
    genuineId = Cookies.idOf(genuine);
  }

  @AfterEach
  void stop() {
    server.close();
    manager.close();
    store.close();
  }

  static Stream<Arguments> badCookies() {
    return Stream.of(
        bad("signature with one character flipped", v -> v.substring(0, v.length() - 1) + (v.endsWith("A") ? "B" : "A")),
        bad("id with one character flipped", v -> {
          String id = Cookies.idOf(v);
          String flipped = (id.charAt(0) == 'a' ? "b" : "a") + id.substring(1);
          return v.replace(Cookies.encodeUriComponent(id), Cookies.encodeUriComponent(flipped));
        }),
        bad("signed with another secret", v -> Cookies.mint(Cookies.idOf(v), "not the secret")),
        bad("another id with this id's signature", v ->
            Cookies.encodeUriComponent("s:other." + Cookies.signature(Cookies.idOf(v), SECRET))),
        bad("unsigned id", Cookies::idOf),
        bad("prefix only", v -> "s%3A"),
        bad("prefix and id, no dot", v -> "s%3A" + Cookies.idOf(v)),
        bad("raw prefix, no dot", v -> "s:" + Cookies.idOf(v)),
        bad("empty signature", v -> "s%3A" + Cookies.idOf(v) + "."),
        bad("garbage", v -> "garbage"),
        bad("bad percent-encoding", v -> "%zz"),
        bad("truncated UTF-8 escape", v -> "s%3A%E0%A4." + Cookies.signature("x", SECRET)),
        bad("empty", v -> ""),
        bad("very long", v -> "s%3A" + "a".repeat(6000) + "." + "b".repeat(43)),
        bad("signature doubled", v -> v + v.substring(v.lastIndexOf('.') + 1)),
        bad("quoted", v -> "\"" + v + "x\""));
  }

  private static Arguments bad(String what, UnaryOperator<String> fromGenuine) {
    return Arguments.of(what, fromGenuine);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCookies")
  void aBadCookieGivesANewSession(String what, UnaryOperator<String> fromGenuine) throws Exception {
    String value = fromGenuine.apply(genuine);
    assertNotEquals(genuine, value);
    browser.setCookie(Cookies.NAME, value);

    HttpResponse<String> response = browser.get("/count");
    assertEquals(200, response.statusCode());
    assertEquals("1 new", response.body());
    List<String> setCookies = response.headers().allValues("Set-Cookie");
    assertEquals(1, setCookies.size());
    assertNotEquals(genuineId, Cookies.idOf(browser.cookie(Cookies.NAME)));

    // Reading only: a new, empty session is neither stored nor announced.
    browser.setCookie(Cookies.NAME, value);
    HttpResponse<String> peek = browser.get("/peek");
    assertEquals("new", peek.body());
    assertEquals(List.of(), peek.headers().allValues("Set-Cookie"));

    // The genuine session did not notice.
    browser.setCookie(Cookies.NAME, genuine);
    assertEquals("2 known", browser.get("/count").body());
  }

  @Test
  void aGenuineCookieAfterABadOneInTheSameHeaderStillCounts() throws Exception {
    HttpResponse<String> response = Browser.sendRaw(HttpRequest.newBuilder(server.uri("/count"))
        .header("Cookie", Cookies.NAME + "=garbage; " + Cookies.NAME + "=" + genuine)
        .build());
    assertEquals(200, response.statusCode());
    assertEquals("2 known", response.body());
  }

  @Test
  void aCookieForAnUnknownIdGivesANewSession() throws Exception {
    browser.setCookie(Cookies.NAME, Cookies.mint("never-issued", SECRET));
    HttpResponse<String> response = browser.get("/count");
    assertEquals(200, response.statusCode());
    assertEquals("1 new", response.body());
    assertNotEquals("never-issued", Cookies.idOf(browser.cookie(Cookies.NAME)));
  }

  @Test
  void otherCookiesAndHeaderNoiseAreIgnored() throws Exception {
    HttpResponse<String> response = Browser.sendRaw(HttpRequest.newBuilder(server.uri("/count"))
        .header("Cookie", "theme=dark; =; ;;" + Cookies.NAME + "=" + genuine + "; x")
        .header("Cookie", "second=header")
        .build());
    assertEquals(200, response.statusCode());
    assertEquals("2 known", response.body());
  }
}

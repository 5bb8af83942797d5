package dev.sessioncheck.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.examples.testing.Cookies;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo over HTTP, with cookies handled by hand: what a browser sees. */
class DemoAppTest {
  /** express-session's cookie: {@code s:} + id + {@code .} + signature, URL-encoded. */
  private static final Pattern SIGNED_COOKIE =
      Pattern.compile("connect\\.sid=s%3A[A-Za-z0-9_-]+\\.[A-Za-z0-9%]+");

  private static DemoApp app;
  private static HttpClient client;

  @BeforeAll
  static void start() throws IOException {
    app = DemoApp.start(DemoApp.Settings.defaults().withPort(0));
    client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void loginMeLogout() throws Exception {
    HttpResponse<String> home = get("/", null);
    assertEquals(200, home.statusCode());
    assertTrue(home.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(home.body().contains("<form method=\"post\" action=\"/login\">"), home.body());
    assertTrue(home.body().contains("name=\"user\""), home.body());
    assertTrue(home.body().contains("<form method=\"post\" action=\"/logout\">"), home.body());
    assertTrue(home.body().contains("Views of this page in this session: 1"), home.body());
    String anonymous = Cookies.sessionCookie(home).orElseThrow();
    assertCookieAttributes(Cookies.setCookies(home).get(0));

    HttpResponse<String> again = get("/", anonymous);
    assertTrue(again.body().contains("Views of this page in this session: 2"), again.body());

    HttpResponse<String> login = post("/login", anonymous, "user=" + form("ada <lovelace> & \"co\""));
    assertEquals(303, login.statusCode(), login.body());
    assertEquals(Optional.of("/me"), login.headers().firstValue("Location"));
    String loggedIn = Cookies.sessionCookie(login).orElseThrow(
        () -> new AssertionError("login must send the new session's cookie"));
    assertCookieAttributes(Cookies.setCookies(login).get(0));
    assertNotEquals(Cookies.sessionId(anonymous), Cookies.sessionId(loggedIn),
        "login must regenerate the session id");

    HttpResponse<String> me = get("/me", loggedIn);
    assertEquals(200, me.statusCode());
    assertTrue(me.body().contains("<b id=\"user\">ada &lt;lovelace&gt; &amp; &quot;co&quot;</b>"),
        me.body());
    assertFalse(me.body().contains("<lovelace>"), "the user name must be HTML-escaped");

    // The pre-login session is gone from the store: its cookie is worth nothing now. It never
    // had a user, so a 401 alone would prove little; its view count (2) must be gone too, and
    // the server must start a new session for it.
    assertEquals(401, get("/me", anonymous).statusCode());
    HttpResponse<String> oldCookie = get("/", anonymous);
    assertTrue(oldCookie.body().contains("Views of this page in this session: 1"), oldCookie.body());
    assertTrue(oldCookie.body().contains("Not logged in."), oldCookie.body());
    String replacement = Cookies.sessionCookie(oldCookie).orElseThrow(
        () -> new AssertionError("a dead cookie gets a new session"));
    assertNotEquals(Cookies.sessionId(anonymous), Cookies.sessionId(replacement));
    assertNotEquals(Cookies.sessionId(loggedIn), Cookies.sessionId(replacement));
    // And nothing of it was carried into the new session: the view count starts again.
    HttpResponse<String> homeLoggedIn = get("/", loggedIn);
    assertTrue(homeLoggedIn.body().contains("Views of this page in this session: 1"),
        homeLoggedIn.body());
    assertTrue(homeLoggedIn.body().contains("Logged in as <b>ada &lt;lovelace&gt;"),
        homeLoggedIn.body());

    HttpResponse<String> logout = post("/logout", loggedIn, "");
    assertEquals(303, logout.statusCode(), logout.body());
    assertEquals(Optional.of("/"), logout.headers().firstValue("Location"));
    List<String> cleared = Cookies.setCookies(logout);
    assertEquals(1, cleared.size(), "logout clears the cookie: " + logout.headers());
    assertTrue(cleared.get(0).startsWith("connect.sid=;"), cleared.get(0));
    assertTrue(cleared.get(0).contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"), cleared.get(0));

    assertEquals(401, get("/me", loggedIn).statusCode(), "the logged-out cookie must not work");
  }

  @Test
  void meWithoutASessionIs401() throws Exception {
    HttpResponse<String> me = get("/me", null);
    assertEquals(401, me.statusCode());
    assertEquals(List.of(), Cookies.setCookies(me), "an untouched session sends no cookie");
  }

  @Test
  void forgedCookieIsIgnored() throws Exception {
    HttpResponse<String> login = post("/login", null, "user=mallory");
    String real = Cookies.sessionCookie(login).orElseThrow();
    String forged = real.substring(0, real.length() - 3) + (real.endsWith("AAA") ? "BBB" : "AAA");
    assertEquals(200, get("/me", real).statusCode());
    assertEquals(401, get("/me", forged).statusCode());
  }

  @Test
  void loginNeedsAUserName() throws Exception {
    assertEquals(400, post("/login", null, "user=").statusCode());
    assertEquals(400, post("/login", null, "user=%20%20").statusCode());
    assertEquals(400, post("/login", null, "name=ada").statusCode());
    assertEquals(400, post("/login", null, "user=" + "x".repeat(DemoApp.MAX_USER_LENGTH + 1))
        .statusCode());
    HttpResponse<String> json = client.send(
        HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ada\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(415, json.statusCode());
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() throws Exception {
    assertEquals(404, get("/nope", null).statusCode());
    assertEquals(404, post("/me/too", null, "").statusCode());

    HttpResponse<String> getLogin = get("/login", null);
    assertEquals(405, getLogin.statusCode());
    assertEquals(Optional.of("POST"), getLogin.headers().firstValue("Allow"));
    assertEquals(405, get("/logout", null).statusCode());

    HttpResponse<String> postMe = post("/me", null, "");
    assertEquals(405, postMe.statusCode());
    assertEquals(Optional.of("GET, HEAD"), postMe.headers().firstValue("Allow"));
    assertEquals(405, post("/", null, "").statusCode());
  }

  @Test
  void closeStopsServingAndReleasesWaiters() throws Exception {
    DemoApp other = DemoApp.start(DemoApp.Settings.defaults().withPort(0));
    URI home = URI.create(other.url());
    assertEquals(200, client.send(HttpRequest.newBuilder(home).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
    Thread waiter = new Thread(() -> {
      try {
        other.awaitClose();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waiter.start();
    other.close();
    other.close(); // the shutdown hook may run after an explicit close
    waiter.join(5_000);
    assertFalse(waiter.isAlive(), "awaitClose() must return once closed");
    assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(home).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void parseDefaultsAndOptions() throws Exception {
    assertEquals(DemoApp.Settings.defaults(), DemoApp.parse());
    DemoApp.Settings s = DemoApp.parse("--port", "9000", "--store=memory", "--secret", "s3cret!");
    assertEquals(9000, s.port());
    assertEquals(new DemoStore.Memory(), s.store());
    assertEquals(Optional.of("s3cret!"), s.secret());
  }

  @Test
  void storeUrlsParse() throws Exception {
    assertEquals(new DemoStore.Redis(URI.create("redis://127.0.0.1:6379/2"), "sess:"),
        DemoApp.parse("--store", "redis://127.0.0.1:6379/2").store());
    assertEquals(new DemoStore.Redis(URI.create("redis://h:1"), "app:"),
        DemoApp.parse("--key-prefix", "app:", "--store=redis://h:1").store());
    assertEquals(new DemoStore.Jdbc("jdbc:postgresql://db/app?user=u", "sessioncheck_sessions"),
        DemoApp.parse("--store", "jdbc:postgresql://db/app?user=u").store());
    assertEquals(new DemoStore.Jdbc("jdbc:h2:mem:x", "demo_t1"),
        DemoApp.parse("--store", "jdbc:h2:mem:x", "--table", "demo_t1").store());
  }

  @Test
  void unknownOrMalformedStoresAreUsageErrorsListingTheForms() {
    for (String url : List.of("mongodb://localhost", "jdbc:mysql://db/app", "redis://",
        "redis://h:notaport", "memcache")) {
      DemoApp.UsageException e =
          assertThrows(DemoApp.UsageException.class, () -> DemoApp.parse("--store", url), url);
      assertEquals(2, e.exitCode());
      assertTrue(e.getMessage().contains("'" + url + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("accepted forms:"), e.getMessage());
      assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
      assertTrue(e.getMessage().contains("redis://"), e.getMessage());
    }
  }

  @Test
  void storeOptionsMustMatchTheStore() {
    for (List<String> args : List.of(
        List.of("--key-prefix", "p:"), List.of("--table", "t", "--store", "redis://h"),
        List.of("--key-prefix", "p:", "--store", "jdbc:h2:mem:x"),
        List.of("--store", "jdbc:h2:mem:x", "--table", "drop table;"))) {
      DemoApp.UsageException e = assertThrows(DemoApp.UsageException.class,
          () -> DemoApp.parse(args.toArray(String[]::new)), args.toString());
      assertEquals(2, e.exitCode());
    }
  }

  @Test
  void passwordsAreNotPrinted() throws Exception {
    assertEquals("redis://***@h:6379 (key prefix sess:)",
        DemoApp.parse("--store", "redis://:hunter2@h:6379").store().describe());
    assertEquals("jdbc:postgresql://db/app?user=u&password=*** (table sessioncheck_sessions)",
        DemoApp.parse("--store", "jdbc:postgresql://db/app?user=u&password=hunter2").store()
            .describe());
    DemoApp.UsageException e = assertThrows(DemoApp.UsageException.class,
        () -> DemoApp.parse("--store", "mongodb://u:hunter2@h"));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void badCommandLinesAreUsageErrors() {
    for (List<String> args : List.of(
        List.of("--port"), List.of("--port", "http"), List.of("--port", "70000"),
        List.of("--verbose"), List.of("--secret", " "), List.of("--store"))) {
      DemoApp.UsageException e = assertThrows(DemoApp.UsageException.class,
          () -> DemoApp.parse(args.toArray(String[]::new)), args.toString());
      assertEquals(2, e.exitCode());
      assertTrue(e.getMessage().contains("--"), e.getMessage());
    }
  }

  @Test
  void helpIsNotAnError() {
    DemoApp.UsageException e =
        assertThrows(DemoApp.UsageException.class, () -> DemoApp.parse("--help"));
    assertEquals(0, e.exitCode());
    assertTrue(e.getMessage().startsWith("usage: DemoApp"), e.getMessage());
  }

  @Test
  void mainExitsWith2ForAnUnknownStore() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DemoApp.class.getName(), "--store", "mongodb://localhost:27017")
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.waitFor(), output);
    assertTrue(output.contains("accepted forms:"), output);
  }

  @Test
  void theDemoSecretWarningIsLoud() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    DemoApp.warnDemoSecret(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("WARNING"), text);
    assertTrue(text.contains("demo"), text);
    assertTrue(text.contains("--secret"), text);
  }

  private static void assertCookieAttributes(String setCookie) {
    assertTrue(SIGNED_COOKIE.matcher(setCookie).lookingAt(), setCookie);
    List<String> attributes = List.of(setCookie.split(";\\s*"));
    assertTrue(attributes.contains("HttpOnly"), setCookie);
    assertTrue(attributes.contains("SameSite=Lax"), setCookie);
    assertTrue(attributes.contains("Path=/"), setCookie);
    assertFalse(attributes.contains("Secure"), "plain HTTP: no Secure (Secure.AUTO) " + setCookie);
  }

  private static URI uri(String path) {
    return URI.create(app.url()).resolve(path);
  }

  private static HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String cookie, String form)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import dev.sessioncheck.runtime.Carry;
import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.RegenerateResult;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Filter form, for plain HttpHandlers: same cycle, session found through the exchange. */
class SessionFilterTest {
  private final MemoryStore store = new MemoryStore();
  private SessionManager manager;
  private TestServer server;
  private Browser browser;
  private volatile CyclicBarrier together;

  @BeforeEach
  void start() {
    manager = new SessionManager(SessionConfig.builder("filter secret").store(store).build());
    server = TestServer.start();
    filtered("/login", exchange -> {
      SessionFilter.session(exchange).set("user", Http.form(exchange).get("user"));
      Http.redirect(exchange, "/me");
    });
    filtered("/me", exchange -> {
      Session session = SessionFilter.session(exchange);
      CyclicBarrier barrier = together;
      if (barrier != null) {
        try {
          barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      Http.text(exchange, 200, session.get("user", String.class).orElse("anonymous"));
    });
    server.route("/unfiltered", exchange -> {
      try {
        SessionFilter.session(exchange);
        Http.text(exchange, 200, "found a session");
      } catch (IllegalStateException e) {
        Http.text(exchange, 500, e.getMessage());
      }
    });
    browser = new Browser(server);
  }

  private void filtered(String path, HttpHandler handler) {
    HttpContext context = server.createContext(path, handler);
    context.getFilters().add(SessionFilter.of(manager));
  }

  @AfterEach
  void stop() {
    server.close();
    manager.close();
    store.close();
  }

  /**
   * A handler that regenerates and then fetches the session again gets the replacement: the
   * exchange used to hand back the ended session, so the next call threw
   * SessionDestroyedException.
   */
  @Test
  void afterRegenerateTheExchangeHoldsTheReplacement() throws Exception {
    filtered("/relogin", exchange -> {
      Session loaded = SessionFilter.session(exchange);
      String old = loaded.id();
      RegenerateResult r = loaded.regenerate(Carry.KEEP_DATA);
      if (!(r instanceof RegenerateResult.Regenerated done)) {
        Http.text(exchange, 503, "regenerate failed: " + r);
        return;
      }
      Session again = SessionFilter.session(exchange);
      again.set("user", "bob");
      Http.text(exchange, 200, old + " " + done.session().id() + " " + again.id() + " "
          + (exchange.getAttribute(SessionFilter.SESSION_ATTRIBUTE) == done.session()));
    });
    assertEquals(303, browser.post("/login", "user=ada").statusCode());
    HttpResponse<String> relogin = browser.post("/relogin");
    assertEquals(200, relogin.statusCode(), relogin.body());
    String[] ids = relogin.body().split(" ");
    assertNotEquals(ids[0], ids[1], "a new id");
    assertEquals(ids[1], ids[2], "the exchange gives the replacement");
    assertEquals("true", ids[3], "getAttribute agrees");
    // What was set through the refetched session was committed with the replacement.
    assertEquals("bob", browser.get("/me").body());
  }

  @Test
  void theFilterLoadsAndCommitsBeforeTheRedirect() throws Exception {
    HttpResponse<String> login = browser.post("/login", "user=ada");
    assertEquals(303, login.statusCode());
    assertEquals(1, login.headers().allValues("Set-Cookie").size());
    assertEquals("ada", browser.get("/me").body());
  }

  @Test
  void withoutTheFilterTheLookupSaysWhatIsMissing() throws Exception {
    HttpResponse<String> response = browser.get("/unfiltered");
    assertEquals(500, response.statusCode());
    assertEquals("no session on this exchange (GET /unfiltered): add SessionFilter.of(manager) to the "
        + "filters of context /unfiltered", response.body());
  }

  /**
   * The JDK keeps exchange attributes per context, shared by concurrent exchanges; the session
   * attribute must not be. Two users in flight at once each see their own session.
   */
  @Test
  void concurrentExchangesEachSeeTheirOwnSession() throws Exception {
    int users = 4;
    List<String> cookies = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      browser.clearCookies();
      browser.post("/login", "user=u" + i);
      cookies.add(browser.cookie(Cookies.NAME));
    }
    together = new CyclicBarrier(users);
    ExecutorService clients = Executors.newFixedThreadPool(users);
    try {
      List<Future<HttpResponse<String>>> responses = new ArrayList<>();
      for (String cookie : cookies) {
        responses.add(clients.submit(() -> Browser.sendRaw(HttpRequest.newBuilder(server.uri("/me"))
            .header("Cookie", Cookies.NAME + "=" + cookie).build())));
      }
      for (int i = 0; i < users; i++) {
        assertEquals("u" + i, responses.get(i).get(20, TimeUnit.SECONDS).body());
      }
    } finally {
      clients.shutdownNow();
      assertTrue(clients.awaitTermination(5, TimeUnit.SECONDS));
    }
    assertNotEquals(cookies.get(0), cookies.get(1));
  }
}

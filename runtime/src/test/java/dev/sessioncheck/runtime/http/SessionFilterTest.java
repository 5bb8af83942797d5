package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import dev.sessioncheck.runtime.MemoryStore;
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

package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 item 7 over real concurrent HTTP requests on one session: no lost attribute writes, and
 * no resurrection of a destroyed session. Server-side latches and barriers force the interleavings
 * that matter, so the assertions hold on every run rather than on lucky ones.
 */
class ConcurrencyTest {
  private static final int WRITERS = 8;

  private final MemoryStore store = new MemoryStore();
  private final ExecutorService clients = Executors.newFixedThreadPool(WRITERS + 1);
  private SessionManager manager;
  private TestServer server;
  private Browser browser;
  /** Handlers that must all be in flight together wait here (null: no waiting). */
  private volatile CyclicBarrier together;
  /** Handlers that arrived and have written their attribute. */
  private volatile CountDownLatch arrived = new CountDownLatch(0);
  /** Handlers wait for this before responding (and so before committing). */
  private volatile CountDownLatch release = new CountDownLatch(0);

  @BeforeEach
  void start() {
    manager = new SessionManager(SessionConfig.builder("concurrency secret").store(store).build());
    server = TestServer.start(WRITERS + 4)
        .route("/set", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          String key = exchange.getRequestURI().getQuery();
          awaitTogether();
          session.set(key, key);
          arrived.countDown();
          await(release);
          Http.text(exchange, 200, key);
        }))
        .route("/keys", SessionHttpHandler.wrap(manager, (exchange, session) ->
            Http.text(exchange, 200, (session.isNew() ? "new " : "") + new TreeSet<>(session.attributeNames()))))
        .route("/logout", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          DestroyResult destroyed = session.destroy();
          Http.text(exchange, destroyed.ok() ? 200 : 503, "bye");
        }));
    browser = new Browser(server);
  }

  @AfterEach
  void stop() throws InterruptedException {
    clients.shutdownNow();
    assertTrue(clients.awaitTermination(5, TimeUnit.SECONDS));
    server.close();
    manager.close();
    store.close();
  }

  private void awaitTogether() {
    CyclicBarrier barrier = together;
    if (barrier != null) {
      try {
        barrier.await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("writers did not meet", e);
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Future<HttpResponse<String>> sendAsync(String path, String cookie) {
    Callable<HttpResponse<String>> call = () -> Browser.sendRaw(HttpRequest.newBuilder(server.uri(path))
        .header("Cookie", Cookies.NAME + "=" + cookie)
        .timeout(java.time.Duration.ofSeconds(20))
        .build());
    return clients.submit(call);
  }

  /** A stored session holding "seed"; answers its cookie value. */
  private String seededSession() throws Exception {
    browser.clearCookies();
    assertEquals(200, browser.get("/set?seed").statusCode());
    return browser.cookie(Cookies.NAME);
  }

  @Test
  void concurrentRequestsDoNotLoseEachOthersWrites() throws Exception {
    String cookie = seededSession();
    TreeSet<String> expected = new TreeSet<>(List.of("seed"));
    for (int round = 0; round < 3; round++) {
      // Every writer loads the same snapshot before any of them commits.
      together = new CyclicBarrier(WRITERS);
      List<Future<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        String key = "r" + round + "w" + i;
        expected.add(key);
        responses.add(sendAsync("/set?" + key, cookie));
      }
      for (Future<HttpResponse<String>> response : responses) {
        assertEquals(200, response.get(20, TimeUnit.SECONDS).statusCode());
      }
    }
    together = null;
    browser.setCookie(Cookies.NAME, cookie);
    assertEquals(expected.toString(), browser.get("/keys").body());
  }

  @Test
  void writersThatCommitAfterADestroyDoNotBringTheSessionBack() throws Exception {
    String cookie = seededSession();
    String id = Cookies.idOf(cookie);
    arrived = new CountDownLatch(WRITERS);
    release = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> writers = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      writers.add(sendAsync("/set?w" + i, cookie));
    }
    await(arrived); // all writers hold the loaded session, with their change made, uncommitted

    HttpResponse<String> logout = sendAsync("/logout", cookie).get(20, TimeUnit.SECONDS);
    assertEquals(200, logout.statusCode());
    assertTrue(Cookies.clears(logout.headers().firstValue("Set-Cookie").orElseThrow()));
    assertEquals(Optional.empty(), store.load(id).orThrow());

    release.countDown();
    for (Future<HttpResponse<String>> writer : writers) {
      HttpResponse<String> response = writer.get(20, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      // The record is gone, so the writer's commit writes nothing and tells the client to forget it.
      assertTrue(Cookies.clears(response.headers().firstValue("Set-Cookie").orElseThrow()),
          response.headers().allValues("Set-Cookie").toString());
    }
    assertEquals(Optional.empty(), store.load(id).orThrow());
    browser.setCookie(Cookies.NAME, cookie);
    assertEquals("new []", browser.get("/keys").body());
  }

  @Test
  void aDestroyRacingWritersLeavesNothingBehindWhateverTheOrder() throws Exception {
    for (int round = 0; round < 5; round++) {
      String cookie = seededSession();
      String id = Cookies.idOf(cookie);
      List<Future<HttpResponse<String>>> requests = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        requests.add(sendAsync("/set?w" + i, cookie));
        if (i == WRITERS / 2) {
          requests.add(sendAsync("/logout", cookie));
        }
      }
      for (Future<HttpResponse<String>> request : requests) {
        assertEquals(200, request.get(20, TimeUnit.SECONDS).statusCode());
      }
      // Writers that loaded before the destroy could not re-create it; later ones got new ids.
      assertEquals(Optional.empty(), store.load(id).orThrow(), "round " + round);
      browser.setCookie(Cookies.NAME, cookie);
      assertEquals("new []", browser.get("/keys").body(), "round " + round);
    }
  }
}

package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.CommitResult;
import dev.sessioncheck.runtime.LoadResult;
import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.RequestInfo;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bug this integration exists for: a handler stores something in the session and redirects;
 * the browser follows the redirect at once; if the save ran after the response went out, the next
 * request would not see it. The store here is slow on purpose (every save sleeps), so a save
 * after the headers would lose the race every time; the control test shows that it does.
 */
class RedirectRaceTest {
  private static final long SLOW_SAVE_MILLIS = 120;

  /** Every way a handler can start its response. */
  enum Send {
    SEND_RESPONSE_HEADERS(303),
    HEADERS_THEN_BODY(303),
    BODY_WRITE(200),
    BODY_FLUSH(200),
    BODY_CLOSE(200),
    EXCHANGE_CLOSE(200),
    RETURN(200);

    final int status;

    Send(int status) {
      this.status = status;
    }

    void respond(HttpExchange exchange) throws IOException {
      if (status == 303) {
        exchange.getResponseHeaders().set("Location", "/me");
      }
      OutputStream body = exchange.getResponseBody();
      switch (this) {
        case SEND_RESPONSE_HEADERS:
          exchange.sendResponseHeaders(303, -1);
          break;
        case HEADERS_THEN_BODY:
          byte[] text = "see /me".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(303, text.length);
          body.write(text);
          body.close();
          break;
        case BODY_WRITE:
          body.write("logged in".getBytes(StandardCharsets.UTF_8));
          break;
        case BODY_FLUSH:
          body.flush();
          break;
        case BODY_CLOSE:
          body.close();
          break;
        case EXCHANGE_CLOSE:
          exchange.close();
          break;
        case RETURN:
          break;
      }
    }
  }

  private final MemoryStore memory = new MemoryStore();
  private final FlakyStore store = new FlakyStore(memory);
  private SessionManager manager;
  private TestServer server;
  private Browser browser;

  @BeforeEach
  void start() {
    manager = new SessionManager(SessionConfig.builder("race secret").store(store).build());
    server = TestServer.start()
        .route("/visit", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          session.set("visited", true);
          Http.text(exchange, 200, "hello");
        }))
        .route("/login", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          session.set("user", "ada");
          Send.valueOf(exchange.getRequestURI().getQuery()).respond(exchange);
        }))
        .route("/me", SessionHttpHandler.wrap(manager, (exchange, session) ->
            Http.text(exchange, 200, session.get("user", String.class).orElse("anonymous"))));
    browser = new Browser(server);
  }

  @AfterEach
  void stop() {
    server.close();
    manager.close();
    memory.close();
  }

  static Stream<Arguments> everySendWithNewAndExistingSessions() {
    return Stream.of(Send.values()).flatMap(send -> Stream.of(Arguments.of(send, false), Arguments.of(send, true)));
  }

  @ParameterizedTest(name = "{0}, existing session: {1}")
  @MethodSource("everySendWithNewAndExistingSessions")
  void theNextRequestSeesWhatTheHandlerStored(Send send, boolean existingSession) throws Exception {
    if (existingSession) {
      browser.get("/visit");
    }
    store.saveDelayMillis = SLOW_SAVE_MILLIS;
    int savesBefore = store.saves.get();

    HttpResponse<String> login = browser.post("/login?" + send.name());
    assertEquals(send.status, login.statusCode());
    assertEquals(existingSession ? List.of() : List.of(Cookies.NAME),
        login.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf('='))).toList());
    assertEquals("ada", browser.get("/me").body());
    assertEquals(savesBefore + 1, store.saves.get());
  }

  /**
   * The control: the same login done the naive way (respond, then save) loses the race. The save
   * is held until the browser's next request is answered, which is what a slow store does to it.
   */
  @Test
  void savingAfterTheResponseLosesTheRace() throws Exception {
    CountDownLatch naiveDone = new CountDownLatch(1);
    server.route("/naive-login", raw -> {
      try {
        RequestInfo request = SessionCycle.requestInfo(raw);
        LoadResult loaded = manager.load(request);
        Session session = assertInstanceOf(LoadResult.Loaded.class, loaded).session();
        session.set("user", "ada");
        raw.getResponseHeaders().set("Location", "/me");
        raw.sendResponseHeaders(303, -1);
        CommitResult committed = manager.commit(session, request);
        assertInstanceOf(CommitResult.Committed.class, committed);
      } finally {
        naiveDone.countDown();
      }
    });
    browser.get("/visit");
    CountDownLatch saveGate = new CountDownLatch(1);
    store.saveGate = saveGate;

    assertEquals(303, browser.post("/naive-login").statusCode());
    assertEquals("anonymous", browser.get("/me").body());

    saveGate.countDown();
    assertTrue(naiveDone.await(10, TimeUnit.SECONDS));
    assertEquals("ada", browser.get("/me").body());
  }
}

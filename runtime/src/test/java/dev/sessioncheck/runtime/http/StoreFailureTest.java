package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.StoreErrorPolicy;
import dev.sessioncheck.runtime.StoreErrorPolicy.Decision;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failing store always reaches the store-error policy; the session never silently goes missing. */
class StoreFailureTest {
  private final MemoryStore memory = new MemoryStore();
  private final FlakyStore store = new FlakyStore(memory);
  private final AtomicInteger handled = new AtomicInteger();
  private final List<String> decisions = new CopyOnWriteArrayList<>();
  private SessionManager manager;
  private TestServer server;
  private Browser browser;
  private LogCapture storeLog;
  private LogCapture httpLog;

  @BeforeEach
  void captureLogs() {
    storeLog = LogCapture.of("dev.sessioncheck.runtime.store");
    httpLog = LogCapture.of("dev.sessioncheck.runtime.http");
  }

  private void start(StoreErrorPolicy policy) {
    StoreErrorPolicy recording = (error, phase) -> {
      Decision decision = policy.onStoreError(error, phase);
      decisions.add(phase + " " + error.kind() + " " + decision);
      return decision;
    };
    manager = new SessionManager(SessionConfig.builder("failure secret")
        .store(store).storeErrorPolicy(recording).build());
    server = TestServer.start()
        .route("/count", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          handled.incrementAndGet();
          long n = session.get("n", Number.class).map(Number::longValue).orElse(0L) + 1;
          session.set("n", n);
          Http.text(exchange, 200, n + (session.isNew() ? " new" : " known"));
        }))
        .route("/peek", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          handled.incrementAndGet();
          Http.text(exchange, 200, session.get("n", Number.class).map(Object::toString).orElse("none"));
        }))
        .route("/login", SessionHttpHandler.wrap(manager, (exchange, session) -> {
          handled.incrementAndGet();
          session.set("user", "ada");
          Http.redirect(exchange, "/me");
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
    storeLog.close();
    httpLog.close();
  }

  @Test
  void loadFailureAnswers503AndTheHandlerDoesNotRun() throws Exception {
    start(StoreErrorPolicy.failRequest());
    assertEquals("1 new", browser.get("/count").body());
    store.failLoad = true;

    HttpResponse<String> down = browser.get("/count");
    assertEquals(503, down.statusCode());
    assertEquals(SessionCycle.LOAD_REFUSED_BODY, down.body());
    assertEquals("text/plain; charset=utf-8", down.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(List.of(), down.headers().allValues("Set-Cookie"));
    assertEquals(1, handled.get());
    assertEquals(List.of("LOAD UNAVAILABLE FAIL_REQUEST"), decisions);
    assertEquals(List.of("WARNING session store failed at LOAD (UNAVAILABLE): test store down for load; "
        + "decision FAIL_REQUEST"), storeLog.lines());

    store.failLoad = false;
    assertEquals("2 known", browser.get("/count").body());
  }

  @Test
  void aNewVisitorDoesNotNeedTheStoreToLoad() throws Exception {
    start(StoreErrorPolicy.failRequest());
    store.failLoad = true;
    HttpResponse<String> response = browser.get("/count");
    assertEquals(200, response.statusCode());
    assertEquals("1 new", response.body());
    assertEquals(0, store.loads.get());
    assertEquals(List.of(), decisions);
  }

  @Test
  void loadFailureWithContinueRunsTheHandlerOnAFreshSession() throws Exception {
    start(StoreErrorPolicy.continueWithoutSession());
    browser.get("/count");
    String oldId = Cookies.idOf(browser.cookie(Cookies.NAME));
    store.failLoad = true;

    HttpResponse<String> response = browser.get("/count");
    assertEquals(200, response.statusCode());
    assertEquals("1 new", response.body());
    assertNotEquals(oldId, Cookies.idOf(browser.cookie(Cookies.NAME)));
    assertEquals(List.of("LOAD UNAVAILABLE CONTINUE"), decisions);
    // The old session is not harmed, only out of reach for this client now.
    assertTrue(memory.load(oldId).orThrow().isPresent());
  }

  @Test
  void saveFailureReplacesTheRedirectWith503() throws Exception {
    start(StoreErrorPolicy.failRequest());
    store.failSave = true;

    HttpResponse<String> login = browser.post("/login");
    assertEquals(503, login.statusCode());
    assertEquals(ResponseGate.COMMIT_REFUSED_BODY, login.body());
    assertFalse(login.headers().firstValue("Location").isPresent());
    assertEquals(List.of(), login.headers().allValues("Set-Cookie"));
    assertEquals(List.of("COMMIT UNAVAILABLE FAIL_REQUEST"), decisions);
    assertEquals(List.of("WARNING session store failed at COMMIT (UNAVAILABLE): test store down for save; "
        + "decision FAIL_REQUEST"), storeLog.lines());

    store.failSave = false;
    assertEquals("anonymous", browser.get("/me").body());
  }

  @Test
  void saveFailureOfAKnownSessionAlso503s() throws Exception {
    start(StoreErrorPolicy.failRequest());
    browser.get("/count");
    store.failSave = true;
    HttpResponse<String> response = browser.get("/count");
    assertEquals(503, response.statusCode());
    assertEquals(ResponseGate.COMMIT_REFUSED_BODY, response.body());
    store.failSave = false;
    assertEquals("2 known", browser.get("/count").body());
  }

  @Test
  void saveFailureWithContinueSendsTheResponseUnsaved() throws Exception {
    start(StoreErrorPolicy.continueWithoutSession());
    store.failSave = true;

    HttpResponse<String> login = browser.post("/login");
    assertEquals(303, login.statusCode());
    assertEquals("/me", login.headers().firstValue("Location").orElseThrow());
    assertEquals(List.of(), login.headers().allValues("Set-Cookie"));
    assertEquals(List.of("COMMIT UNAVAILABLE CONTINUE"), decisions);
    assertEquals("anonymous", browser.get("/me").body());
  }

  @Test
  void touchFailureGoesToThePolicyToo() throws Exception {
    start(StoreErrorPolicy.failRequest());
    browser.get("/count");
    store.failTouch = true;
    HttpResponse<String> response = browser.get("/peek");
    assertEquals(503, response.statusCode());
    assertEquals(List.of("COMMIT UNAVAILABLE FAIL_REQUEST"), decisions);
  }

  @Test
  void aPolicyThatThrowsFailsTheRequest() throws Exception {
    start((error, phase) -> {
      throw new IllegalStateException("policy bug");
    });
    browser.get("/count");
    store.failLoad = true;
    HttpResponse<String> response = browser.get("/count");
    assertEquals(503, response.statusCode());
    assertEquals(SessionCycle.LOAD_REFUSED_BODY, response.body());
    assertEquals(1, handled.get());
    assertEquals(List.of("SEVERE store error policy threw for StoreError[UNAVAILABLE: test store down for load] "
        + "at LOAD; failing the request"), httpLog.lines());
  }

  @Test
  void aPolicyThatAnswersNullFailsTheRequest() throws Exception {
    start((error, phase) -> null);
    store.failSave = true;
    HttpResponse<String> response = browser.get("/count");
    assertEquals(503, response.statusCode());
    assertEquals(ResponseGate.COMMIT_REFUSED_BODY, response.body());
    assertEquals(List.of("COMMIT UNAVAILABLE null"), decisions);
  }

  @Test
  void aStoreThatThrowsInsteadOfReportingGives500() throws Exception {
    start(StoreErrorPolicy.failRequest());
    browser.get("/count");
    store.throwOnLoad = true;
    HttpResponse<String> response = browser.get("/count");
    assertEquals(500, response.statusCode());
    assertEquals(ResponseGate.INTERNAL_ERROR_BODY, response.body());
    assertEquals(1, handled.get());
    assertEquals(List.of("SEVERE session load threw for GET /count; responding 500"), httpLog.lines());
  }
}

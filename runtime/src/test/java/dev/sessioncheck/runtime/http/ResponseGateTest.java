package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate's timing rules, with a stand-in commit: whichever way a handler starts its response,
 * the commit runs once and its Set-Cookie is on that response; a refused commit replaces it.
 */
class ResponseGateTest {
  private static final String COOKIE = "sid=committed; Path=/";

  private TestServer server;
  private Browser browser;
  private final RecordingStep step = new RecordingStep();
  /** What the handler observed (e.g. exceptions it caught), checked after the response. */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private LogCapture log;

  @BeforeEach
  void start() {
    log = LogCapture.of("dev.sessioncheck.runtime.http");
    server = TestServer.start(4);
    browser = new Browser(server);
  }

  @AfterEach
  void stop() {
    server.close();
    log.close();
  }

  /** Released when a handler run has ended: the client can see the response before that. */
  private final CountDownLatch handlerDone = new CountDownLatch(1);

  private void route(HandlerRun.Body handler) {
    server.route("/", raw -> {
      try {
        HandlerRun.run(GatedExchange.wrap(raw, step), handler);
      } finally {
        handlerDone.countDown();
      }
    });
  }

  /** What the handler saw, once it has finished. */
  private List<String> seen() throws InterruptedException {
    assertTrue(handlerDone.await(5, TimeUnit.SECONDS), "handler did not finish");
    return seen;
  }

  /** How many commits ran, once the handler has finished (a late second commit would count). */
  private int commits() throws InterruptedException {
    assertTrue(handlerDone.await(5, TimeUnit.SECONDS), "handler did not finish");
    return step.calls.get();
  }

  @Test
  void sendResponseHeadersCommitsFirst() throws Exception {
    route(ex -> {
      ex.getResponseHeaders().set("Location", "/next");
      ex.sendResponseHeaders(303, ResponseGate.EMPTY);
      seen.add("commits after send: " + step.calls.get());
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(303, r.statusCode());
    assertEquals(List.of(COOKIE), r.headers().allValues("Set-Cookie"));
    assertEquals("/next", r.headers().firstValue("Location").orElseThrow());
    assertEquals(List.of("commits after send: 1"), seen());
    assertEquals(1, commits());
  }

  @Test
  void bodyWriteWithoutHeadersSendsChunked200() throws Exception {
    route(ex -> {
      ex.getResponseBody().write("hello ".getBytes(StandardCharsets.UTF_8));
      ex.getResponseBody().write("world".getBytes(StandardCharsets.UTF_8));
      ex.getResponseBody().close();
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(200, r.statusCode());
    assertEquals("hello world", r.body());
    assertEquals("chunked", r.headers().firstValue("Transfer-Encoding").orElseThrow().toLowerCase(Locale.ROOT));
    assertEquals(List.of(COOKIE), r.headers().allValues("Set-Cookie"));
    assertEquals(1, commits());
  }

  @Test
  void singleByteWriteAlsoCommitsFirst() throws Exception {
    route(ex -> ex.getResponseBody().write('x'));
    HttpResponse<String> r = browser.get("/");
    assertEquals(200, r.statusCode());
    assertEquals("x", r.body());
    assertEquals(List.of(COOKIE), r.headers().allValues("Set-Cookie"));
    assertEquals(1, commits());
  }

  @Test
  void flushWithoutHeadersSendsThem() throws Exception {
    route(ex -> {
      ex.getResponseBody().flush();
      seen.add("code after flush: " + ex.getResponseCode());
      ex.getResponseBody().write('y');
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(200, r.statusCode());
    assertEquals("y", r.body());
    assertEquals(List.of("code after flush: 200"), seen());
    assertEquals(List.of(COOKIE), r.headers().allValues("Set-Cookie"));
    assertEquals(1, commits());
  }

  @Test
  void closingTheBodyWithoutHeadersSendsEmpty200() throws Exception {
    route(ex -> ex.getResponseBody().close());
    HttpResponse<String> r = browser.get("/");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertEquals("0", r.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(List.of(COOKIE), r.headers().allValues("Set-Cookie"));
    assertEquals(1, commits());
  }

  @Test
  void exchangeCloseWithoutHeadersSendsEmpty200() throws Exception {
    // The bare JDK would drop the connection here; the client would see an I/O error.
    route(ex -> {
      ex.getResponseHeaders().set("X-Kept", "yes");
      ex.close();
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(200, r.statusCode());
    assertEquals("yes", r.headers().firstValue("X-Kept").orElseThrow());
    assertEquals(List.of(COOKIE), r.headers().allValues("Set-Cookie"));
    assertEquals(1, commits());
  }

  @Test
  void returningWithoutSendingCommitsAndSendsEmpty200() throws Exception {
    route(ex -> ex.getResponseHeaders().set("X-Kept", "yes"));
    HttpResponse<String> r = browser.get("/");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertEquals("0", r.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("yes", r.headers().firstValue("X-Kept").orElseThrow());
    assertEquals(List.of(COOKIE), r.headers().allValues("Set-Cookie"));
    assertEquals(1, commits());
  }

  @Test
  void returningWithoutClosingEndsTheResponse() throws Exception {
    route(ex -> {
      ex.sendResponseHeaders(200, ResponseGate.CHUNKED);
      ex.getResponseBody().write("unclosed".getBytes(StandardCharsets.UTF_8));
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(200, r.statusCode());
    assertEquals("unclosed", r.body());
    assertEquals(1, commits());
  }

  @Test
  void everySendPathTogetherStillCommitsOnce() throws Exception {
    route(ex -> {
      byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(201, body.length);
      ex.getResponseBody().write(body);
      ex.getResponseBody().flush();
      ex.getResponseBody().close();
      ex.close();
      ex.close();
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(201, r.statusCode());
    assertEquals("abc", r.body());
    assertEquals(1, commits());
  }

  @Test
  void secondSendResponseHeadersFailsLikeTheJdk() throws Exception {
    route(ex -> {
      ex.sendResponseHeaders(204, ResponseGate.EMPTY);
      IOException e = assertThrows(IOException.class, () -> ex.sendResponseHeaders(200, ResponseGate.EMPTY));
      seen.add(e.getMessage());
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(204, r.statusCode());
    assertEquals(List.of("headers already sent"), seen());
    assertEquals(1, commits());
  }

  @Test
  void refusedCommitReplacesTheHandlersRedirectWith503() throws Exception {
    step.refuse = true;
    route(ex -> {
      ex.getResponseHeaders().set("Location", "/next");
      ex.getResponseHeaders().set("Content-Type", "text/html");
      byte[] body = "<p>moved</p>".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(303, body.length);
      ex.getResponseBody().write(body); // dropped: the 503 is already complete
      ex.getResponseBody().close();
      seen.add("handler finished");
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(503, r.statusCode());
    assertEquals(ResponseGate.COMMIT_REFUSED_BODY, r.body());
    assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
    assertFalse(r.headers().firstValue("Location").isPresent());
    assertFalse(r.headers().firstValue("Set-Cookie").isPresent());
    assertEquals(List.of("handler finished"), seen());
    assertEquals(1, commits());
  }

  @Test
  void refusedCommitOnImplicitWriteDropsTheBody() throws Exception {
    step.refuse = true;
    route(ex -> ex.getResponseBody().write("secret page".getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> r = browser.get("/");
    assertEquals(503, r.statusCode());
    assertEquals(ResponseGate.COMMIT_REFUSED_BODY, r.body());
    assertEquals(1, commits());
  }

  @Test
  void refusedCommitWhenTheHandlerSentNothing() throws Exception {
    step.refuse = true;
    route(ex -> { });
    HttpResponse<String> r = browser.get("/");
    assertEquals(503, r.statusCode());
    assertEquals(ResponseGate.COMMIT_REFUSED_BODY, r.body());
    assertEquals(1, commits());
  }

  @Test
  void sendAfterARefusalReportsTheReplacement() throws Exception {
    step.refuse = true;
    route(ex -> {
      ex.sendResponseHeaders(200, ResponseGate.EMPTY);
      IOException e = assertThrows(IOException.class, () -> ex.sendResponseHeaders(200, ResponseGate.EMPTY));
      seen.add(e.getMessage());
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(503, r.statusCode());
    assertEquals(List.of("headers already sent: the response was replaced by 503 (see the log)"), seen());
  }

  @Test
  void refusalOnHeadSendsNoBody() throws Exception {
    step.refuse = true;
    route(ex -> ex.sendResponseHeaders(200, ResponseGate.EMPTY));
    HttpResponse<String> r = browser.head("/");
    assertEquals(503, r.statusCode());
    assertEquals("", r.body());
  }

  @Test
  void headDropsTheBodyOfAHandlerThatIgnoresHead() throws Exception {
    route(ex -> {
      ex.getResponseBody().write("body for GET".getBytes(StandardCharsets.UTF_8));
      ex.getResponseBody().close();
    });
    HttpResponse<String> r = browser.head("/");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertEquals(List.of(COOKIE), r.headers().allValues("Set-Cookie"));
    assertEquals(1, commits());
    assertEquals(List.of(), log.lines());
  }

  @Test
  void headAfterExplicitHeadersAlsoDropsTheBody() throws Exception {
    route(ex -> {
      byte[] body = "body for GET".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(200, ResponseGate.EMPTY);
      ex.getResponseBody().write(body);
      ex.getResponseBody().close();
    });
    HttpResponse<String> r = browser.head("/");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertEquals(1, commits());
    assertEquals(List.of(), log.lines());
  }

  @Test
  void commitThatThrowsBecomes500() throws Exception {
    step.explode = true;
    route(ex -> ex.sendResponseHeaders(200, ResponseGate.EMPTY));
    HttpResponse<String> r = browser.get("/");
    assertEquals(500, r.statusCode());
    assertEquals(ResponseGate.INTERNAL_ERROR_BODY, r.body());
    assertEquals(1, commits());
    assertEquals(List.of("SEVERE session commit threw for GET /; responding 500"), log.lines());
  }

  @Test
  void handlerThrowingBeforeSendingGets500AndNoCommit() throws Exception {
    route(ex -> {
      ex.getResponseHeaders().set("Location", "/half-done");
      throw new IllegalStateException("boom");
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(500, r.statusCode());
    assertEquals(ResponseGate.INTERNAL_ERROR_BODY, r.body());
    assertFalse(r.headers().firstValue("Location").isPresent());
    assertFalse(r.headers().firstValue("Set-Cookie").isPresent());
    assertEquals(0, commits());
    assertEquals(List.of("SEVERE handler failed for GET /; responding 500 without committing the session"), log.lines());
  }

  @Test
  void handlerThrowingIOExceptionBeforeSendingGets500() throws Exception {
    route(ex -> {
      throw new IOException("upstream gone");
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(500, r.statusCode());
    assertEquals(0, commits());
  }

  @Test
  void handlerThrowingMidBodyCutsTheResponse() throws Exception {
    route(ex -> {
      ex.sendResponseHeaders(200, 100);
      ex.getResponseBody().write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IllegalStateException("boom");
    });
    // The status is on the wire; the only honest signal left is a short body and a closed connection.
    // POST, because the JDK 25 client silently retries a GET that fails this way.
    assertThrows(IOException.class, () -> browser.post("/"));
    assertEquals(1, commits());
    assertEquals(List.of("SEVERE handler failed for POST / after the response headers were sent; closing the exchange"),
        log.lines());
  }

  @Test
  void anIOExceptionMidBodyIsLoggedQuietly() throws Exception {
    route(ex -> {
      ex.sendResponseHeaders(200, 100);
      ex.getResponseBody().write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IOException("Broken pipe");
    });
    assertThrows(IOException.class, () -> browser.post("/"));
    assertEquals(1, commits());
    assertEquals(List.of(), log.lines());
  }

  @Test
  void downstreamFilterStreamsStayAboveTheGate() throws Exception {
    route(ex -> {
      ex.setStreams(null, new FilterOutputStream(ex.getResponseBody()) {
        @Override
        public void write(int b) throws IOException {
          super.write(Character.toUpperCase(b));
        }
      });
      OutputStream out = ex.getResponseBody();
      out.write("shout".getBytes(StandardCharsets.UTF_8));
      out.close();
    });
    HttpResponse<String> r = browser.get("/");
    assertEquals(200, r.statusCode());
    assertEquals("SHOUT", r.body());
    assertEquals(List.of(COOKIE), r.headers().allValues("Set-Cookie"));
    assertEquals(1, commits());
  }

  @Test
  void sessionAttributeIsPerExchangeOthersAreTheJdks() throws Exception {
    AtomicReference<Object> rawView = new AtomicReference<>("unset");
    server.route("/attr", raw -> {
      HttpExchange ex = GatedExchange.wrap(raw, step);
      HandlerRun.run(ex, gated -> {
        gated.setAttribute(ExchangeState.SESSION_ATTRIBUTE, "mine");
        gated.setAttribute("shared", "value");
        rawView.set(raw.getAttribute(ExchangeState.SESSION_ATTRIBUTE));
        seen.add(gated.getAttribute(ExchangeState.SESSION_ATTRIBUTE) + " " + raw.getAttribute("shared"));
      });
      handlerDone.countDown();
    });
    assertEquals(200, browser.get("/attr").statusCode());
    assertNull(rawView.get());
    assertEquals(List.of("mine value"), seen());
  }

  @Test
  void theGateIsReachableThroughTheWrapper() throws Exception {
    AtomicReference<HttpExchange> wrapped = new AtomicReference<>();
    route(ex -> wrapped.set(ex));
    browser.get("/");
    assertEquals(1, commits());
    assertInstanceOf(SessionExchange.class, wrapped.get());
    assertNotNull(((GatedExchange) wrapped.get()).exchangeState().gate);
    assertTrue(((GatedExchange) wrapped.get()).exchangeState().gate.state() == ResponseGate.State.SENT);
  }

  // The bare JDK behaviour the gate papers over, pinned so that a JDK change shows up here.

  @Test
  void bareJdkRejectsABodyWriteBeforeTheHeaders() throws Exception {
    server.route("/bare", raw -> {
      try {
        IOException e = assertThrows(IOException.class, () -> raw.getResponseBody().write('x'));
        seen.add(e.getMessage());
        raw.sendResponseHeaders(204, ResponseGate.EMPTY);
      } finally {
        handlerDone.countDown();
      }
    });
    assertEquals(204, browser.get("/bare").statusCode());
    assertEquals(List.of("response headers not sent yet"), seen());
  }

  @Test
  void bareJdkDropsTheConnectionOnACloseWithNothingSent() throws Exception {
    server.route("/bare", raw -> {
      raw.close();
      handlerDone.countDown();
    });
    assertThrows(IOException.class, () -> browser.post("/bare"));
  }

  /** A stand-in commit that counts its calls and can refuse or throw. */
  static final class RecordingStep implements CommitStep {
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean refuse;
    volatile boolean explode;

    @Override
    public Outcome commit() {
      calls.incrementAndGet();
      if (explode) {
        throw new IllegalStateException("store client bug");
      }
      return refuse ? new Outcome.Refuse("test refusal") : new Outcome.Send(List.of(COOKIE));
    }
  }
}

package dev.sessioncheck.runtime.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sessioncheck.runtime.Carry;
import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.RegenerateResult;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.http.SessionHttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 5's concurrency soak, the same for every store: many HTTP clients × many requests on a few
 * shared sessions, through {@link SessionHttpHandler} on a JDK {@link HttpServer} and the JDK's
 * {@link HttpClient}, while another client logs sessions in ({@code regenerate}) and out ({@code
 * destroy}), bounded in time. Published in the runtime's test-jar so the Redis module runs the very
 * same driver.
 *
 * <h2>The run</h2>
 *
 * <p>{@code sessions} slots each hold the cookie of a shared session. Each of {@code clients}
 * clients loops until the time is up: picks a slot and sends its cookie with {@code /set?c<k>=<n>}
 * (sets the client's own attribute {@code c<k>} to the client's next sequence number {@code n}; 4
 * in 5 requests) or {@code /get?c<k>} (reads it back). A churn client alternates {@code /login}
 * ({@code regenerate(KEEP_DATA)}: a new id, the old one destroyed) and {@code /logout} ({@code
 * destroy()}) on random slots; a slot then follows the new cookie, or the first new session a
 * client gets after a logout. Requests holding an older cookie keep arriving: that is the race.
 *
 * <h2>The books</h2>
 *
 * <ul>
 *   <li><b>Acknowledged write</b>: a {@code /set} (or {@code /login}) response with status 200
 *       carrying a {@code Set-Cookie} with a session's signed id (not the clearing cookie). The
 *       integration commits before the status line goes out, and the manager sends that cookie only
 *       after the store answered DONE to the write (a write that finds the session gone is not
 *       applied and clears the cookie instead; a failed one is a 503). The body names the session
 *       that took the write. Per (session, client), the highest acknowledged {@code n} is kept.
 *   <li><b>Lost</b>: afterwards, for every session that took an acknowledged write and was never
 *       destroyed (nor sent to a logout or login that failed with a 503: its destroy may have run
 *       before the commit failed, so such a session is left out, and counted), read through {@link SessionStore#load}, an attribute {@code c<k>} below client
 *       k's highest acknowledged {@code n} on that session (or missing), or above anything client k
 *       sent; and, during the run, a {@code /get} that read a value below what the same client had
 *       already had acknowledged on that same session.
 *   <li><b>Resurrected</b>: a session whose destroy (logout, or the old id of a login) was
 *       acknowledged that loads from the store afterwards, or that a request sent after the
 *       acknowledgement was served with (the body names the session that served it).
 *   <li>Every response is a 200, except 503s (store failures surfaced by the FAIL_REQUEST policy),
 *       which are allowed only while a fault is injected; a 500 is always a failure.
 * </ul>
 *
 * <p>Duration: {@code -Dsessioncheck.soak.seconds=N} (default 3 per store, to keep the normal
 * test run short); the closing figures were taken with a longer run.
 */
public final class HttpSoak {
  /** System property: seconds each soak runs (default {@value #DEFAULT_SECONDS}). */
  public static final String SECONDS_PROPERTY = "sessioncheck.soak.seconds";

  public static final int DEFAULT_SECONDS = 3;
  private static final String COOKIE = "connect.sid";

  /** A fault injected mid-run: returns when it is over, answering how many faults it injected. */
  @FunctionalInterface
  public interface Fault {
    int inject() throws Exception;
  }

  /** What a run saw; {@link #assertClean()} states what must hold. */
  public record Figures(String store, int clients, int sessions, long durationMs, long requests,
      long acknowledgedWrites, long checkedAttributes, int logins, int logouts,
      Map<Integer, Integer> statuses, long slowestMs, int faults, long okAfterFault,
      int uncertain, int lost, int resurrected) {

    public int count(int status) {
      return statuses.getOrDefault(status, 0);
    }

    /** Non-2xx responses other than 503 and 500 (none are expected). */
    public int otherStatuses() {
      return statuses.entrySet().stream().filter(e -> e.getKey() != 200 && e.getKey() != 503)
          .mapToInt(Map.Entry::getValue).sum();
    }

    @Override
    public String toString() {
      return String.format("[soak] %s: %d clients x %d shared sessions, %dms, %d requests,"
          + " %d acknowledged writes (%d attributes read back), %d logins, %d logouts,"
          + " statuses %s, faults injected %d, failures surfaced (503) %d, ok after fault %d,"
          + " sessions left unjudged %d, slowest %dms, lost %d, resurrected %d, 500s %d", store,
          clients, sessions, durationMs, requests, acknowledgedWrites, checkedAttributes, logins,
          logouts, statuses, faults, count(503), okAfterFault, uncertain, slowestMs, lost,
          resurrected, count(500));
    }

    /**
     * Zero lost acknowledged writes, zero resurrections, zero 500s, only 200s (and 503s when a
     * fault was injected), logins and logouts happened, and enough writes to call it a soak.
     */
    public void assertClean() {
      assertEquals(0, lost, "acknowledged writes lost: " + this);
      assertEquals(0, resurrected, "destroyed sessions came back: " + this);
      assertEquals(0, count(500), "500s: " + this);
      assertEquals(0, otherStatuses(), "statuses other than 200/503: " + this);
      if (faults == 0) {
        assertEquals(0, count(503), "503s without an injected fault: " + this);
      } else {
        assertTrue(okAfterFault > 0, "served again after the fault: " + this);
      }
      // Low on purpose: a 2-core machine shared with other builds serves few requests in 3 s.
      assertTrue(acknowledgedWrites >= 50, "a soak, not a sip: " + this);
      assertTrue(logins > 0 && logouts > 0, "sessions were logged in and out: " + this);
    }
  }

  private final String name;
  private final SessionStore store;
  private int clients = 16;
  private int sessions = 8;
  private Duration duration = Duration.ofSeconds(Integer.getInteger(SECONDS_PROPERTY, DEFAULT_SECONDS));
  private long churnEveryMs = 100;
  private Fault fault;
  private long faultLeadMs;
  private long faultTailMs;

  private HttpSoak(String name, SessionStore store) {
    this.name = name;
    this.store = store;
  }

  /** A soak on {@code store} (which the caller closes), named {@code name} in the figures. */
  public static HttpSoak on(String name, SessionStore store) {
    return new HttpSoak(name, store);
  }

  public HttpSoak clients(int n) {
    this.clients = n;
    return this;
  }

  public HttpSoak sessions(int n) {
    this.sessions = n;
    return this;
  }

  /** Overrides the run's length (the system property's value otherwise). */
  public HttpSoak duration(Duration d) {
    this.duration = d;
    return this;
  }

  /**
   * Injects {@code f} {@code leadMs} into the run; the run goes on at least {@code tailMs} after
   * the fault is over (503s are then allowed, and some requests must succeed after it).
   */
  public HttpSoak fault(long leadMs, Fault f, long tailMs) {
    this.fault = f;
    this.faultLeadMs = leadMs;
    this.faultTailMs = tailMs;
    return this;
  }

  // ---- the books -----------------------------------------------------------------------------

  private final Map<String, AtomicLongArray> acked = new ConcurrentHashMap<>();
  private final Map<String, Long> destroyedAt = new ConcurrentHashMap<>();
  /**
   * Sessions whose logout or login failed (503): the handler's destroy may have removed them
   * before the commit failed, so neither "still there" nor "gone" can be required of them.
   */
  private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  /** Per client, the highest sequence number it sent (a stored value above it is not its own). */
  private AtomicLongArray highestSent;
  private final AtomicLong acknowledgedWrites = new AtomicLong();
  private final AtomicLong slowest = new AtomicLong();
  private final AtomicLong okAfterFault = new AtomicLong();
  private final AtomicLong faultOverAt = new AtomicLong(Long.MAX_VALUE);
  private final AtomicInteger staleReads = new AtomicInteger();
  private final AtomicInteger servedDestroyed = new AtomicInteger();
  private final AtomicInteger logins = new AtomicInteger();
  private final AtomicInteger logouts = new AtomicInteger();
  private final List<String> problems = new ArrayList<>();

  private HttpServer server;
  private HttpClient http;

  /** Runs the soak, checks the books through the store, prints and returns the figures. */
  public Figures run() throws Exception {
    highestSent = new AtomicLongArray(clients);
    SessionManager manager = new SessionManager(SessionConfig.builder("soak secret")
        .store(store).maxAge(Duration.ofHours(1)).build());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    ExecutorService serverThreads = Executors.newFixedThreadPool(clients, named("soak-server"));
    server.setExecutor(serverThreads);
    routes(manager);
    server.start();
    ExecutorService clientIo = Executors.newCachedThreadPool(named("soak-client-io"));
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientIo)
        .connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService clientThreads = Executors.newFixedThreadPool(clients + 1, named("soak-client"));
    long t0 = System.nanoTime();
    long runMs;
    try {
      List<AtomicReference<String>> slots = new ArrayList<>();
      for (int s = 0; s < sessions; s++) {
        slots.add(new AtomicReference<>());
      }
      // With a fault, the clients go on until it is over (and its tail has passed) however long
      // it takes; the end is set once it is.
      AtomicLong stopAt = new AtomicLong(t0 + duration.toNanos()
          + (fault == null ? 0 : TimeUnit.HOURS.toNanos(1)));
      int faults = 0;
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        futures.add(clientThreads.submit(() -> {
          client(client, slots, stopAt);
          return null;
        }));
      }
      futures.add(clientThreads.submit(() -> {
        churn(slots, stopAt);
        return null;
      }));
      if (fault != null) {
        Thread.sleep(faultLeadMs);
        faults = fault.inject();
        faultOverAt.set(System.nanoTime());
        stopAt.set(Math.max(t0 + duration.toNanos(),
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(faultTailMs)));
      }
      for (Future<?> f : futures) {
        f.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
      }
      runMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      Figures figures = check(runMs, faults);
      System.out.println(figures);
      return figures;
    } finally {
      clientThreads.shutdownNow();
      server.stop(0);
      serverThreads.shutdownNow();
      clientIo.shutdownNow();
      boolean ended = clientThreads.awaitTermination(10, TimeUnit.SECONDS)
          & serverThreads.awaitTermination(10, TimeUnit.SECONDS);
      manager.close();
      if (!ended) {
        throw new IllegalStateException("soak threads still running 10 s after shutdownNow()");
      }
    }
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void routes(SessionManager manager) {
    server.createContext("/set", SessionHttpHandler.wrap(manager, (exchange, session) -> {
      String[] kv = exchange.getRequestURI().getQuery().split("=", 2);
      session.set(kv[0], Long.parseLong(kv[1]));
      text(exchange, 200, session.id());
    }));
    server.createContext("/get", SessionHttpHandler.wrap(manager, (exchange, session) -> {
      Optional<Number> v = session.get(exchange.getRequestURI().getQuery(), Number.class);
      text(exchange, 200, session.id() + " " + v.map(Number::longValue).orElse(0L));
    }));
    server.createContext("/login", SessionHttpHandler.wrap(manager, (exchange, session) -> {
      String old = session.id();
      if (session.regenerate(Carry.KEEP_DATA) instanceof RegenerateResult.Regenerated r) {
        r.session().set("logins", old);
        text(exchange, 200, old + " " + r.session().id());
      } else {
        text(exchange, 503, "regenerate failed");
      }
    }));
    server.createContext("/logout", SessionHttpHandler.wrap(manager, (exchange, session) -> {
      DestroyResult d = session.destroy();
      text(exchange, d.ok() ? 200 : 503, session.id());
    }));
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** One response, with when its request was sent. */
  private record Reply(int status, String body, Optional<String> setCookie, long sentAt) {
    /** The new cookie ({@code name=value}) if the response set one that is not the clearing one. */
    Optional<String> cookie() {
      return setCookie.map(h -> h.substring(0, h.indexOf(';') < 0 ? h.length() : h.indexOf(';')))
          .filter(c -> !c.equals(COOKIE + "="));
    }
  }

  private Reply send(String pathAndQuery, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery))
        .timeout(Duration.ofSeconds(60));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    long sent = System.nanoTime();
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
    slowest.accumulateAndGet(ms, Math::max);
    requests.incrementAndGet();
    statuses.computeIfAbsent(r.statusCode(), x -> new AtomicInteger()).incrementAndGet();
    if (r.statusCode() == 200 && sent - faultOverAt.get() > 0) {
      okAfterFault.incrementAndGet();
    }
    Optional<String> setCookie = r.headers().allValues("set-cookie").stream()
        .filter(h -> h.startsWith(COOKIE + "=")).findFirst();
    Reply reply = new Reply(r.statusCode(), r.body(), setCookie, sent);
    if (reply.status() == 200) {
      servedBy(reply.body().split(" ")[0], sent);
    }
    return reply;
  }

  /** A request sent after a session's destroy was acknowledged must not be served by it. */
  private void servedBy(String id, long sentAt) {
    Long gone = destroyedAt.get(id);
    if (gone != null && sentAt - gone > 0) {
      servedDestroyed.incrementAndGet();
      problem("session " + id + " served a request sent after its destroy was acknowledged");
    }
  }

  private synchronized void problem(String what) {
    if (problems.size() < 10) {
      problems.add(what);
    }
  }

  private void client(int client, List<AtomicReference<String>> slots, AtomicLong stopAt)
      throws Exception {
    long seq = 0;
    while (System.nanoTime() - stopAt.get() < 0) {
      AtomicReference<String> slot = slots.get(ThreadLocalRandom.current().nextInt(slots.size()));
      String cookie = slot.get();
      String attr = "c" + client;
      if (ThreadLocalRandom.current().nextInt(5) == 0 && cookie != null) {
        Reply r = send("/get?" + attr, cookie);
        if (r.status() == 200) {
          String[] idAndValue = r.body().split(" ");
          AtomicLongArray mine = acked.get(idAndValue[0]);
          long have = mine == null ? 0 : mine.get(client);
          if (Long.parseLong(idAndValue[1]) < have) {
            staleReads.incrementAndGet();
            problem("client " + client + " read " + idAndValue[1] + " from " + idAndValue[0]
                + " after " + have + " was acknowledged there");
          }
        }
        continue;
      }
      seq++;
      highestSent.set(client, seq);
      Reply r = send("/set?" + attr + "=" + seq, cookie);
      if (r.status() != 200) {
        continue;
      }
      Optional<String> next = r.cookie();
      if (next.isEmpty()) {
        continue; // the session was destroyed meanwhile: the write was not applied
      }
      acknowledge(r.body(), client, seq);
      if (!next.get().equals(cookie)) {
        // A new session (the slot's was logged out): the slot follows the first one to arrive.
        slot.compareAndSet(cookie, next.get());
      }
    }
  }

  /** The session id inside a signed cookie {@code connect.sid=s%3A<id>.<signature>}. */
  private static String idOf(String cookie) {
    String value = java.net.URLDecoder.decode(cookie.substring(cookie.indexOf('=') + 1),
        StandardCharsets.UTF_8);
    return value.substring(2, value.lastIndexOf('.'));
  }

  private void acknowledge(String id, int client, long seq) {
    acknowledgedWrites.incrementAndGet();
    acked.computeIfAbsent(id, x -> new AtomicLongArray(clients))
        .accumulateAndGet(client, seq, Math::max);
  }

  private void churn(List<AtomicReference<String>> slots, AtomicLong stopAt) throws Exception {
    int round = 0;
    while (System.nanoTime() - stopAt.get() < 0) {
      Thread.sleep(churnEveryMs);
      AtomicReference<String> slot = slots.get(ThreadLocalRandom.current().nextInt(slots.size()));
      String cookie = slot.get();
      if (cookie == null) {
        continue;
      }
      if (round++ % 3 == 2) {
        Reply r = send("/logout", cookie);
        if (r.status() != 200) {
          uncertain.add(idOf(cookie));
        } else {
          destroyedAt.put(r.body(), System.nanoTime());
          logouts.incrementAndGet();
          slot.compareAndSet(cookie, null);
        }
      } else {
        Reply r = send("/login", cookie);
        Optional<String> next = r.cookie();
        if (r.status() != 200) {
          uncertain.add(idOf(cookie));
        } else if (next.isPresent()) {
          String[] oldAndNew = r.body().split(" ");
          destroyedAt.put(oldAndNew[0], System.nanoTime());
          logins.incrementAndGet();
          slot.compareAndSet(cookie, next.get());
        }
      }
    }
  }

  private Figures check(long runMs, int faults) throws Exception {
    int lost = staleReads.get();
    long checked = 0;
    for (Map.Entry<String, AtomicLongArray> e : acked.entrySet()) {
      if (destroyedAt.containsKey(e.getKey()) || uncertain.contains(e.getKey())) {
        continue;
      }
      Optional<SessionRecord> rec = load(e.getKey());
      for (int c = 0; c < clients; c++) {
        long have = e.getValue().get(c);
        if (have == 0) {
          continue;
        }
        checked++;
        Object v = rec.isEmpty() ? null : rec.get().attributes().get("c" + c);
        if (!(v instanceof Number n) || n.longValue() < have || n.longValue() > highestSent.get(c)) {
          lost++;
          problem("session " + e.getKey() + ": client " + c + " had " + have
              + " acknowledged, the store holds " + v);
        }
      }
    }
    int resurrected = servedDestroyed.get();
    for (String id : Set.copyOf(destroyedAt.keySet())) {
      // (An id in both sets was destroyed for certain by one request; a failed one is moot.)
      if (load(id).isPresent()) {
        resurrected++;
        problem("destroyed session " + id + " is in the store again");
      }
    }
    if (!problems.isEmpty()) {
      System.out.println("[soak] " + name + " problems: " + problems);
    }
    Map<Integer, Integer> byStatus = new TreeMap<>();
    statuses.forEach((k, v) -> byStatus.put(k, v.get()));
    return new Figures(name, clients, sessions, runMs, requests.get(), acknowledgedWrites.get(),
        checked, logins.get(), logouts.get(), byStatus, slowest.get(), faults, okAfterFault.get(),
        uncertain.size(), lost, resurrected);
  }

  /** Reads a session back, retrying a store that is still recovering from a fault. */
  private Optional<SessionRecord> load(String id) throws InterruptedException {
    StoreResult<Optional<SessionRecord>> r = store.load(id);
    for (int i = 0; i < 50 && !r.ok(); i++) {
      Thread.sleep(100);
      r = store.load(id);
    }
    return r.orThrow();
  }
}

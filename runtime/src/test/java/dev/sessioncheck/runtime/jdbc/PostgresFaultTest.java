package dev.sessioncheck.runtime.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults injected into the machine's PostgreSQL without stopping it: a table locked by another
 * connection ({@code LOCK TABLE ... IN ACCESS EXCLUSIVE MODE} held in an open transaction), and
 * {@code pg_terminate_backend} of the store's pooled connections while writers run (what a server
 * restart does to a pool). Prints the figures of each run as {@code [pg-fault]} lines.
 */
class PostgresFaultTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  /** Scheduling slack on a shared 2-core machine, on top of the bound. */
  private static final long SLACK_MS = 500;
  private static final String TABLE = LivePostgres.uniqueTable("fault");
  private static final int WRITERS = 3;

  @BeforeAll
  static void reachable() {
    LivePostgres.reachableOrSkip();
  }

  @AfterAll
  static void dropTable() throws SQLException {
    LivePostgres.dropTable(TABLE);
  }

  private static HikariDataSource pool(String applicationName) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(LivePostgres.URL);
    config.setUsername(LivePostgres.USER);
    config.addDataSourceProperty("ApplicationName", applicationName);
    config.setMaximumPoolSize(WRITERS + 1);
    // The pool's wait for a connection is part of the store's bound.
    config.setConnectionTimeout(TIMEOUT.toMillis());
    config.setPoolName(applicationName);
    return new HikariDataSource(config);
  }

  private static SessionWrite create(String name, Object value) {
    return new SessionWrite(SessionWrite.Mode.CREATE, JdbcStoreContract.COOKIE, Instant.now(),
        Instant.now(), Map.of(name, value), Set.of(), Optional.empty());
  }

  private static SessionWrite set(String name, Object value) {
    return new SessionWrite(SessionWrite.Mode.UPDATE, JdbcStoreContract.COOKIE, Instant.now(),
        Instant.now(), Map.of(name, value), Set.of(), Optional.empty());
  }

  /** What a run did; {@code lost} and {@code resurrected} must be 0. */
  record Figures(String fault, long operations, int faults, Map<StoreError.Kind, Integer> failures,
      long slowestMs, long okAfterFault, int doneOnDestroyed, int lost, int resurrected) {
    int failed() {
      return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
      return String.format("[pg-fault] %s: %d operations, %d faults injected, %d failures surfaced %s,"
          + " slowest %dms, %d ok after the fault, %d DONE on destroyed sessions, lost %d,"
          + " resurrected %d", fault, operations, faults, failed(), failures, slowestMs, okAfterFault,
          doneOnDestroyed, lost, resurrected);
    }
  }

  @FunctionalInterface
  interface Fault {
    /** Injects the fault and returns when it is over; answers how many faults it injected. */
    int inject() throws Exception;
  }

  /**
   * {@link #WRITERS} writers update four live sessions (each its own attribute, with an increasing
   * number) and keep trying to update two destroyed ones, from {@code leadMs} before the fault
   * until {@code tailMs} after it. Then every live session must hold, per writer, a number between
   * its last acknowledged and its last attempted write (an unacknowledged write may have
   * committed), and the destroyed ones must still be gone.
   */
  static Figures run(String name, JdbcStore store, Fault fault, long leadMs, long tailMs)
      throws Exception {
    List<String> live = List.of("live0", "live1", "live2", "live3");
    List<String> dead = List.of("dead0", "dead1");
    for (String id : live) {
      assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id, create("seed", 0)));
    }
    for (String id : dead) {
      assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id, create("seed", 0)));
      assertEquals(StoreResult.ok(WriteStatus.DONE), store.destroy(id));
    }
    long[][] acked = new long[live.size()][WRITERS];
    long[][] attempted = new long[live.size()][WRITERS];
    Map<StoreError.Kind, AtomicInteger> failures = new ConcurrentHashMap<>();
    AtomicLong operations = new AtomicLong();
    AtomicLong slowest = new AtomicLong();
    AtomicLong okAfter = new AtomicLong();
    AtomicInteger doneOnDestroyed = new AtomicInteger();
    AtomicLong faultOverAt = new AtomicLong(Long.MAX_VALUE);
    AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int n = w;
        writers.add(pool.submit(() -> {
          long seq = 0;
          while (System.nanoTime() - stopAt.get() < 0) {
            seq++;
            int s = (int) (seq % live.size());
            boolean onDead = seq % 5 == 0;
            long start = System.nanoTime();
            StoreResult<?> r;
            if (onDead) {
              r = store.save(dead.get((int) (seq % dead.size())), set("w" + n, seq));
            } else {
              attempted[s][n] = seq;
              r = seq % 7 == 0 ? store.load(live.get(s)) : store.save(live.get(s), set("w" + n, seq));
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            slowest.accumulateAndGet(ms, Math::max);
            operations.incrementAndGet();
            if (r instanceof StoreResult.Failed<?> f) {
              failures.computeIfAbsent(f.error().kind(), k -> new AtomicInteger()).incrementAndGet();
            } else {
              if (start - faultOverAt.get() > 0) {
                okAfter.incrementAndGet();
              }
              if (onDead && r.orThrow() == WriteStatus.DONE) {
                doneOnDestroyed.incrementAndGet();
              }
              if (!onDead && seq % 7 != 0) {
                acked[s][n] = seq;
              }
            }
          }
          return null;
        }));
      }
      Thread.sleep(leadMs);
      int faults = fault.inject();
      faultOverAt.set(System.nanoTime());
      Thread.sleep(tailMs);
      stopAt.set(System.nanoTime());
      for (Future<?> f : writers) {
        f.get(30, TimeUnit.SECONDS);
      }
      int lost = 0;
      for (int s = 0; s < live.size(); s++) {
        SessionRecord rec = store.load(live.get(s)).orThrow().orElseThrow();
        for (int n = 0; n < WRITERS; n++) {
          if (acked[s][n] == 0) {
            continue;
          }
          long stored = ((Number) rec.attributes().get("w" + n)).longValue();
          if (stored < acked[s][n] || stored > attempted[s][n]) {
            lost++;
          }
        }
      }
      int resurrected = 0;
      for (String id : dead) {
        if (store.load(id).orThrow().isPresent()) {
          resurrected++;
        }
      }
      Map<StoreError.Kind, Integer> byKind = new TreeMap<>();
      failures.forEach((k, v) -> byKind.put(k, v.get()));
      Figures figures = new Figures(name, operations.get(), faults, byKind, slowest.get(),
          okAfter.get(), doneOnDestroyed.get(), lost, resurrected);
      System.out.println(figures);
      return figures;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Live threads whose name starts with {@code prefix}, after giving them a moment to end. */
  static List<String> threads(String prefix) throws InterruptedException {
    List<String> names = List.of();
    for (int i = 0; i < 50; i++) {
      names = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
          .map(Thread::getName).filter(n -> n.startsWith(prefix)).toList();
      if (names.isEmpty()) {
        break;
      }
      Thread.sleep(20);
    }
    return names;
  }

  /**
   * The pool's backends still on the server, waiting up to 5 s for them to go: a closed (or
   * terminated) connection's backend leaves pg_stat_activity a moment after the client is done,
   * while a leaked one never does.
   */
  private static int backendsAfterClose(String applicationName) throws SQLException, InterruptedException {
    int left = backends(applicationName);
    for (int i = 0; i < 50 && left > 0; i++) {
      Thread.sleep(100);
      left = backends(applicationName);
    }
    return left;
  }

  private static int backends(String applicationName) throws SQLException {
    try (Connection c = LivePostgres.dataSource("sessioncheck-admin").getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      ps.setString(1, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void lockedTableGivesTimeoutsWithinTheBoundThenRecoversWithNoLoss() throws Exception {
    String app = "sessioncheck-lock";
    try (HikariDataSource ds = pool(app);
        JdbcStore store = new JdbcStore(ds, TABLE, Clock.systemUTC(), TIMEOUT)) {
      assertTrue(store.createTableIfMissing().ok());
      assertTrue(store.clear().ok());
      store.startSweeping(Duration.ofMillis(200));
      long lockMs = 2500;
      Figures f = run("ACCESS EXCLUSIVE lock held " + lockMs + "ms", store, () -> {
        try (Connection locker = LivePostgres.dataSource("sessioncheck-locker").getConnection()) {
          locker.setAutoCommit(false);
          try (Statement st = locker.createStatement()) {
            st.execute("LOCK TABLE " + TABLE + " IN ACCESS EXCLUSIVE MODE");
          }
          Thread.sleep(lockMs);
          locker.rollback();
        }
        return 1;
      }, 500, 1000);
      assertEquals(Set.of(StoreError.Kind.TIMEOUT), f.failures().keySet(), f.toString());
      assertTrue(f.failed() >= WRITERS, "every writer felt the lock: " + f);
      assertBoundedAndClean(f, "works again after the lock: ");
    }
    assertEquals(0, backendsAfterClose(app), "the closed pool left connections behind (5 s after close)");
    assertEquals(List.of(), threads(app), "threads left behind");
    assertEquals(List.of(), threads("sessioncheck-jdbc-sweep-" + TABLE), "sweep thread left behind");
  }

  @Test
  void terminatedBackendsAreUnavailableThenTheStoreRecoversWithNoLoss() throws Exception {
    String app = "sessioncheck-terminate";
    try (HikariDataSource ds = pool(app);
        JdbcStore store = new JdbcStore(ds, TABLE, Clock.systemUTC(), TIMEOUT)) {
      assertTrue(store.createTableIfMissing().ok());
      assertTrue(store.clear().ok());
      store.startSweeping(Duration.ofMillis(200));
      Figures f = run("pg_terminate_backend of the pool's connections, 8 rounds", store, () -> {
        int killed = 0;
        try (Connection admin = LivePostgres.dataSource("sessioncheck-admin").getConnection();
            // In the select list, so only the filtered rows' backends are terminated (a WHERE
            // clause may evaluate the call before the filter, and hit this very connection).
            PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM"
                + " pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
          ps.setString(1, app);
          for (int round = 0; round < 8; round++) {
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                killed += rs.getBoolean(1) ? 1 : 0;
              }
            }
            Thread.sleep(250);
          }
        }
        return killed;
      }, 500, 1000);
      assertTrue(f.faults() >= 8, "connections were terminated: " + f);
      assertEquals(Set.of(StoreError.Kind.UNAVAILABLE), f.failures().keySet(), f.toString());
      assertBoundedAndClean(f, "recovered without a restart: ");
    }
    assertEquals(0, backendsAfterClose(app), "the closed pool left connections behind (5 s after close)");
    assertEquals(List.of(), threads(app), "threads left behind");
    assertEquals(List.of(), threads("sessioncheck-jdbc-sweep-" + TABLE), "sweep thread left behind");
  }

  /**
   * What every fault run must show: no operation past the bound, service again without a new
   * store or pool, and the books clean (nothing done on a destroyed session, lost or resurrected).
   */
  static void assertBoundedAndClean(Figures f, String recoveredMessage) {
    assertTrue(f.slowestMs() <= TIMEOUT.toMillis() + SLACK_MS, f.toString());
    assertTrue(f.okAfterFault() > 0, recoveredMessage + f);
    assertEquals(0, f.doneOnDestroyed(), f.toString());
    assertEquals(0, f.lost(), f.toString());
    assertEquals(0, f.resurrected(), f.toString());
  }

  @Test
  void unreachableServerIsUnavailableWithinTheBound() {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL("jdbc:postgresql://127.0.0.1:1/test");
    ds.setUser(LivePostgres.USER);
    try (JdbcStore store = new JdbcStore(ds, TABLE, Clock.systemUTC(), TIMEOUT)) {
      long s = System.nanoTime();
      assertEquals(StoreError.Kind.UNAVAILABLE, store.load("x").failure().orElseThrow().kind());
      assertEquals(StoreError.Kind.UNAVAILABLE,
          store.save("x", create("a", 1)).failure().orElseThrow().kind());
      assertEquals(StoreError.Kind.UNAVAILABLE,
          store.save("x", set("a", 1)).failure().orElseThrow().kind());
      assertEquals(StoreError.Kind.UNAVAILABLE, store.destroy("x").failure().orElseThrow().kind());
      assertEquals(StoreError.Kind.UNAVAILABLE, store.sweep().failure().orElseThrow().kind());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s);
      assertTrue(ms < TIMEOUT.toMillis(), "five refused operations took " + ms + "ms");
    }
  }

  /**
   * A pool of one whose connection another caller holds: the store's wait for a connection ends
   * at the bound as TIMEOUT (not UNAVAILABLE), and the store serves again once it is returned.
   */
  @Test
  void waitingForAPooledConnectionIsATimeoutWithinTheBound() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(LivePostgres.URL);
    config.setUsername(LivePostgres.USER);
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(TIMEOUT.toMillis());
    config.setPoolName("sessioncheck-wait");
    try (HikariDataSource ds = new HikariDataSource(config);
        JdbcStore store = new JdbcStore(ds, TABLE, Clock.systemUTC(), TIMEOUT)) {
      assertTrue(store.createTableIfMissing().ok());
      long ms;
      StoreResult<Optional<SessionRecord>> r;
      try (Connection held = ds.getConnection()) {
        long s = System.nanoTime();
        r = store.load("x");
        ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s);
        assertTrue(held.isValid(1));
      }
      System.out.printf("[pg-fault] pool of 1 held elsewhere: load answered %s after %dms%n",
          r.failure().map(StoreError::kind).orElse(null), ms);
      assertEquals(StoreError.Kind.TIMEOUT, r.failure().orElseThrow().kind(), r.toString());
      assertTrue(ms <= TIMEOUT.toMillis() + SLACK_MS, ms + "ms");
      assertEquals(StoreResult.ok(Optional.empty()), store.load("x"));
    }
  }
}


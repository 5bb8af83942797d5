package dev.sessioncheck.runtime.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.Carry;
import dev.sessioncheck.runtime.CommitResult;
import dev.sessioncheck.runtime.LoadResult;
import dev.sessioncheck.runtime.RequestInfo;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoredCookie;
import dev.sessioncheck.runtime.WriteStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every database under {@link JdbcStore} must do; {@link H2JdbcStoreTest} and {@link
 * PostgresJdbcStoreTest} run it on each.
 */
abstract class JdbcStoreContract {
  static final StoredCookie COOKIE = new StoredCookie(Optional.empty(), Optional.empty(),
      Optional.empty(), true, Optional.empty(), "/", Optional.of("lax"), false, Optional.empty());

  final Clock2 clock = new Clock2();
  DataSource dataSource;
  JdbcStore store;

  /** A clock the test moves. */
  static final class Clock2 extends Clock {
    volatile Instant now = Instant.parse("2026-11-22T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** The database for one test, with no rows in {@link #table()}. */
  abstract DataSource openDataSource() throws SQLException;

  abstract String table();

  /** Called after each test. */
  abstract void closeDataSource() throws SQLException;

  @BeforeEach
  void open() throws SQLException {
    dataSource = openDataSource();
    store = new JdbcStore(dataSource, table(), clock);
    assertEquals(WriteStatus.DONE, store.createTableIfMissing().orThrow());
    assertEquals(WriteStatus.DONE, store.createTableIfMissing().orThrow(), "idempotent");
    assertTrue(store.clear().ok());
  }

  @AfterEach
  void drop() throws SQLException {
    store.close();
    closeDataSource();
  }

  SessionWrite create(Map<String, Object> attrs, Optional<Instant> expiresAt) {
    return new SessionWrite(SessionWrite.Mode.CREATE, COOKIE, clock.now, clock.now, attrs,
        Set.of(), expiresAt);
  }

  SessionWrite update(Map<String, Object> set, Set<String> removed) {
    return new SessionWrite(SessionWrite.Mode.UPDATE, COOKIE, clock.now, clock.now, set, removed,
        Optional.empty());
  }

  @Test
  void createLoadMergeTouchDestroy() {
    assertEquals(WriteStatus.DONE, store.save("s", create(Map.of("a", 1, "b", 2), Optional.empty())).orThrow());
    assertEquals(StoreError.Kind.CONFLICT,
        store.save("s", create(Map.of(), Optional.empty())).failure().orElseThrow().kind());
    assertEquals(WriteStatus.DONE, store.save("s", update(Map.of("b", 3, "c", 4), Set.of("a"))).orThrow());
    assertEquals(Map.of("b", 3, "c", 4), store.load("s").orThrow().orElseThrow().attributes());
    clock.now = clock.now.plusSeconds(5);
    assertEquals(WriteStatus.DONE,
        store.touch("s", new SessionTouch(COOKIE, clock.now, Optional.empty())).orThrow());
    assertEquals(Optional.of(clock.now), store.load("s").orThrow().orElseThrow().lastAccess());
    assertEquals(List.of("s"), store.ids().orThrow());
    assertEquals(1L, store.count().orThrow());
    assertEquals(WriteStatus.DONE, store.destroy("s").orThrow());
    assertEquals(WriteStatus.NOT_FOUND, store.destroy("s").orThrow());
    assertEquals(Optional.empty(), store.load("s").orThrow());
  }

  @Test
  void updateAndTouchNeverCreate() {
    assertEquals(WriteStatus.NOT_FOUND, store.save("gone", update(Map.of("a", 1), Set.of())).orThrow());
    assertEquals(WriteStatus.NOT_FOUND,
        store.touch("gone", new SessionTouch(COOKIE, clock.now, Optional.empty())).orThrow());
    assertEquals(0L, store.count().orThrow());
  }

  @Test
  void expiredRowsAreInvisibleAndSwept() {
    assertTrue(store.save("old", create(Map.of(), Optional.of(clock.now.plusSeconds(10)))).ok());
    assertTrue(store.save("new", create(Map.of(), Optional.of(clock.now.plusSeconds(100)))).ok());
    clock.now = clock.now.plusSeconds(10);
    assertEquals(Optional.empty(), store.load("old").orThrow());
    assertEquals(WriteStatus.NOT_FOUND, store.save("old", update(Map.of("a", 1), Set.of())).orThrow());
    assertEquals(List.of("new"), store.ids().orThrow());
    assertEquals(1L, store.sweep().orThrow());
    assertTrue(store.save("old", create(Map.of(), Optional.empty())).ok(), "id free again");
    assertEquals(2L, store.clear().orThrow());
  }

  @Test
  void corruptRowIsCorrupt() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("INSERT INTO " + table() + " (id, data) VALUES ('bad', '{\"cookie\":')");
    }
    assertEquals(StoreError.Kind.CORRUPT, store.load("bad").failure().orElseThrow().kind());
    assertEquals(StoreError.Kind.CORRUPT,
        store.save("bad", update(Map.of("a", 1), Set.of())).failure().orElseThrow().kind());
  }

  @Test
  void sqlFailuresAreValues() {
    JdbcStore missingTable = new JdbcStore(dataSource, "no_such_table", clock);
    StoreError e = missingTable.load("x").failure().orElseThrow();
    assertEquals(StoreError.Kind.UNAVAILABLE, e.kind());
    assertTrue(e.message().startsWith("JDBC load failed (SQLState 42"), e.message());
    assertEquals(StoreError.Kind.TIMEOUT,
        JdbcStore.translate("x", new SQLTimeoutException("slow")).kind());
    assertEquals(StoreError.Kind.CONFLICT,
        JdbcStore.translate("x", new SQLException("dup", "23505")).kind());
    assertEquals(StoreError.Kind.CONFLICT,
        JdbcStore.translate("x", new SQLException("deadlock", "40001")).kind());
    assertEquals(StoreError.Kind.UNAVAILABLE,
        JdbcStore.translate("x", new SQLException("gone", "08006")).kind());
    assertThrows(IllegalArgumentException.class, () -> new JdbcStore(dataSource, "x; DROP", clock));
    assertEquals(StoreError.Kind.REJECTED,
        store.save("x".repeat(256), create(Map.of(), Optional.empty())).failure().orElseThrow().kind());
  }

  @Test
  void concurrentMergesLoseNothingAndDestroyWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      assertTrue(store.save("s", create(Map.of(), Optional.empty())).ok());
      CyclicBarrier start = new CyclicBarrier(8);
      List<Future<WriteStatus>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          start.await();
          return store.save("s", update(Map.of("k" + n, n), Set.of())).orThrow();
        }));
      }
      Map<String, Object> expected = new HashMap<>();
      for (int i = 0; i < 8; i++) {
        assertEquals(WriteStatus.DONE, results.get(i).get(30, TimeUnit.SECONDS));
        expected.put("k" + i, i);
      }
      assertEquals(expected, store.load("s").orThrow().orElseThrow().attributes());

      CyclicBarrier race = new CyclicBarrier(2);
      Future<WriteStatus> destroy = pool.submit(() -> {
        race.await();
        return store.destroy("s").orThrow();
      });
      Future<WriteStatus> late = pool.submit(() -> {
        race.await();
        return store.save("s", update(Map.of("late", true), Set.of())).orThrow();
      });
      assertEquals(WriteStatus.DONE, destroy.get(30, TimeUnit.SECONDS));
      late.get(30, TimeUnit.SECONDS);
      assertEquals(Optional.empty(), store.load("s").orThrow(), "not resurrected");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void worksUnderTheSessionManager() {
    try (SessionManager m = new SessionManager(
        SessionConfig.builder("keyboard cat").store(store).clock(clock).build())) {
      Session s = assertInstanceOf(LoadResult.Loaded.class, m.load(RequestInfo.ofCookies())).session();
      s.set("user", "alice");
      String set = assertInstanceOf(CommitResult.Committed.class, m.commit(s, RequestInfo.ofCookies()))
          .setCookieHeader().orElseThrow();
      String cookie = set.substring(0, set.indexOf(';'));
      Session again = assertInstanceOf(LoadResult.Loaded.class, m.load(RequestInfo.ofCookies(cookie)))
          .session();
      assertFalse(again.isNew());
      assertEquals("alice", again.get("user"));
      Session next = again.regenerate(Carry.KEEP_DATA).orThrow();
      assertTrue(next.save().ok());
      assertEquals(List.of(next.id()), store.ids().orThrow());
      String nextSet = assertInstanceOf(CommitResult.Committed.class,
          m.commit(next, RequestInfo.ofCookies(cookie))).setCookieHeader().orElseThrow();
      String nextCookie = nextSet.substring(0, nextSet.indexOf(';'));
      assertTrue(assertInstanceOf(LoadResult.Loaded.class, m.load(RequestInfo.ofCookies(cookie)))
          .session().isNew(), "the old id died with regenerate");
      clock.now = clock.now.plus(Duration.ofMinutes(29));
      assertFalse(assertInstanceOf(LoadResult.Loaded.class,
          m.load(RequestInfo.ofCookies(nextCookie))).session().isNew());
      clock.now = clock.now.plus(Duration.ofMinutes(2));
      assertTrue(assertInstanceOf(LoadResult.Loaded.class,
          m.load(RequestInfo.ofCookies(nextCookie))).session().isNew(), "idle for 31 minutes");
    }
  }

  /**
   * Many threads CREATE the same ids at once: per id exactly one wins and every other gets
   * CONFLICT as a value (no duplicate-key exception escapes, nothing is overwritten).
   */
  @Test
  void racingCreatesGiveOneWinnerAndConflicts() throws Exception {
    int threads = 6;
    int ids = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<List<Object>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        results.add(pool.submit(() -> {
          start.await();
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < ids; i++) {
            var r = store.save("race" + i, create(Map.of("by", n), Optional.empty()));
            out.add(r.ok() ? r.orThrow() : r.failure().orElseThrow().kind());
          }
          return out;
        }));
      }
      int[] winners = new int[ids];
      for (Future<List<Object>> f : results) {
        List<Object> out = f.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < ids; i++) {
          if (out.get(i) == WriteStatus.DONE) {
            winners[i]++;
          } else {
            assertEquals(StoreError.Kind.CONFLICT, out.get(i), "id race" + i);
          }
        }
      }
      for (int i = 0; i < ids; i++) {
        assertEquals(1, winners[i], "winners of race" + i);
      }
      assertEquals((long) ids, store.count().orThrow());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void createReplacesAnExpiredRowButNotALiveOne() {
    assertTrue(store.save("e", create(Map.of("v", 1), Optional.of(clock.now.plusSeconds(1)))).ok());
    assertEquals(StoreError.Kind.CONFLICT,
        store.save("e", create(Map.of("v", 2), Optional.empty())).failure().orElseThrow().kind());
    clock.now = clock.now.plusSeconds(1);
    assertEquals(WriteStatus.DONE, store.save("e", create(Map.of("v", 3), Optional.empty())).orThrow());
    assertEquals(Map.of("v", 3), store.load("e").orThrow().orElseThrow().attributes());
  }

  @Test
  void sweepDeletesInBoundedBatches() {
    for (int i = 0; i < 5; i++) {
      assertTrue(store.save("dead" + i, create(Map.of(), Optional.of(clock.now.plusSeconds(1)))).ok());
    }
    assertTrue(store.save("live", create(Map.of(), Optional.of(clock.now.plusSeconds(100)))).ok());
    assertTrue(store.save("forever", create(Map.of(), Optional.empty())).ok());
    clock.now = clock.now.plusSeconds(2);
    assertEquals(2L, store.sweepBatch(2).orThrow());
    assertEquals(2L, store.sweepBatch(2).orThrow());
    assertEquals(1L, store.sweepBatch(2).orThrow());
    assertEquals(0L, store.sweepBatch(2).orThrow());
    assertEquals(List.of("forever", "live"), store.ids().orThrow());
    assertEquals(2L, store.clear().orThrow(), "the sweep left the live rows");
    assertThrows(IllegalArgumentException.class, () -> assertTrue(store.sweepBatch(0).ok()));
  }

  @Test
  void scheduledSweepRunsUntilClose() throws Exception {
    assertTrue(store.save("dead", create(Map.of(), Optional.of(clock.now.plusSeconds(1)))).ok());
    clock.now = clock.now.plusSeconds(2);
    store.startSweeping(Duration.ofMillis(50));
    assertThrows(IllegalStateException.class, () -> store.startSweeping(Duration.ofMillis(50)));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.lastSweep().isEmpty() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertTrue(store.lastSweep().orElseThrow().ok(), store.lastSweep().toString());
    assertEquals(0L, store.clear().orThrow(), "swept");
    String thread = "sessioncheck-jdbc-sweep-" + table();
    assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(thread)));
    store.close();
    until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(thread))
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(thread)), "close() stopped the sweep thread");
    assertThrows(IllegalStateException.class, () -> store.startSweeping(Duration.ofMillis(50)));
    assertTrue(store.save("after", create(Map.of(), Optional.empty())).ok(), "still a store");
  }

  @Test
  void schemaHasTheIdKeyAndTheExpiryIndex() throws SQLException {
    Set<String> indexed = new java.util.HashSet<>();
    try (Connection c = dataSource.getConnection()) {
      for (String name : List.of(table(), table().toUpperCase(java.util.Locale.ROOT))) {
        try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, name, false, false)) {
          while (rs.next()) {
            String col = rs.getString("COLUMN_NAME");
            if (col != null) {
              indexed.add(col.toLowerCase(java.util.Locale.ROOT)
                  + (rs.getBoolean("NON_UNIQUE") ? "" : " unique"));
            }
          }
        }
      }
    }
    assertEquals(Set.of("id unique", "expires_at"), indexed);
  }

  /**
   * Another transaction holds the row lock past the store's bound: the UPDATE answers TIMEOUT
   * within the bound (plus scheduling slack) instead of waiting for the lock, and succeeds once
   * the lock is released.
   */
  @Test
  void aLockedRowIsATimeoutWithinTheBound() throws Exception {
    JdbcStore bounded = new JdbcStore(dataSource, table(), clock, Duration.ofSeconds(1));
    assertTrue(store.save("s", create(Map.of(), Optional.empty())).ok());
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.executeUpdate("UPDATE " + table() + " SET expires_at = NULL WHERE id = 's'");
      }
      long s = System.nanoTime();
      StoreError e = bounded.save("s", update(Map.of("a", 1), Set.of())).failure().orElseThrow();
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s);
      assertEquals(StoreError.Kind.TIMEOUT, e.kind(), e.toString());
      assertTrue(ms >= 900 && ms <= 1500, "answered after " + ms + "ms");
      holder.rollback();
    }
    assertEquals(WriteStatus.DONE, bounded.save("s", update(Map.of("a", 1), Set.of())).orThrow());
    assertEquals(Map.of("a", 1), store.load("s").orThrow().orElseThrow().attributes());
  }
}


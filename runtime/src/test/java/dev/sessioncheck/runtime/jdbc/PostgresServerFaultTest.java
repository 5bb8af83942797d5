package dev.sessioncheck.runtime.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.soak.HttpSoak;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole-server faults, on a PostgreSQL cluster of this class's own ({@link PrivatePostgres}; the
 * shared server is never stopped): every server process stopped with SIGSTOP mid-run and resumed
 * (a stalled server or network: nothing answers, nothing refuses), and {@code pg_ctl stop -m fast}
 * then start (a restart). The same store and pool serve before, during and after, and are closed
 * only at the end. Figures are printed as {@code [pg-fault]} and {@code [soak]} lines.
 */
class PostgresServerFaultTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  /** Scheduling slack on a shared 2-core machine. */
  private static final long SLACK_MS = 500;
  private static PrivatePostgres pg;

  @BeforeAll
  static void start() throws Exception {
    Path bin = PrivatePostgres.binariesOrSkip();
    pg = PrivatePostgres.start(bin);
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static HikariDataSource pool(String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.url());
    config.setUsername("postgres");
    config.addDataSourceProperty("ApplicationName", name);
    config.setMaximumPoolSize(size);
    // The pool's wait for a connection, and its liveness check of an idle one, within the bound.
    config.setConnectionTimeout(TIMEOUT.toMillis());
    config.setValidationTimeout(250);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  /** SIGSTOP of the postmaster and every process under it for {@code ms}, then SIGCONT. */
  private static int pause(long ms) throws Exception {
    List<Long> pids = pg.serverPids();
    int stopped = PrivatePostgres.signal("STOP", pids);
    try {
      Thread.sleep(ms);
    } finally {
      PrivatePostgres.signal("CONT", pids);
    }
    return stopped;
  }

  /** {@code pg_ctl stop -m fast}, down for {@code ms}, started again on the same port. */
  private static int restart(long ms) throws Exception {
    pg.stopFast();
    try {
      Thread.sleep(ms);
    } finally {
      pg.start();
    }
    return 1;
  }

  /** After close: no connection of the pool left on the server, no pool or sweep thread left. */
  private static void nothingLeft(String app, String table) throws SQLException, InterruptedException {
    int left = pg.backends(app);
    // A backend abandoned while stopped notices its closed socket once it runs again.
    for (int i = 0; i < 50 && left > 0; i++) {
      Thread.sleep(100);
      left = pg.backends(app);
    }
    assertEquals(0, left, "the closed pool left connections behind");
    assertEquals(List.of(), PostgresFaultTest.threads(app), "pool threads left behind");
    assertEquals(List.of(), PostgresFaultTest.threads("sessioncheck-jdbc-sweep-" + table),
        "sweep thread left behind");
  }

  @Test
  void stoppedServerGivesBoundedFailuresThenTheSameStoreRecovers() throws Exception {
    String app = "sessioncheck-sigstop";
    String table = "sigstop";
    try (HikariDataSource ds = pool(app, 4);
        JdbcStore store = new JdbcStore(ds, table, Clock.systemUTC(), TIMEOUT)) {
      assertTrue(store.createTableIfMissing().ok());
      store.startSweeping(Duration.ofMillis(200));
      PostgresFaultTest.Figures f = PostgresFaultTest.run(
          "SIGSTOP of every server process for 3000ms, then SIGCONT", store, () -> pause(3000),
          500, 1500);
      assertTrue(Set.of(StoreError.Kind.TIMEOUT, StoreError.Kind.UNAVAILABLE)
          .containsAll(f.failures().keySet()), f.toString());
      assertTrue(f.failed() >= 3, "every writer felt the stop: " + f);
      PostgresFaultTest.assertBoundedAndClean(f, "served again without a new store or pool: ");
    }
    nothingLeft(app, table);
  }

  @Test
  void fastShutdownAndRestartGivesFailuresThenTheSameStoreRecovers() throws Exception {
    String app = "sessioncheck-restart";
    String table = "restart";
    try (HikariDataSource ds = pool(app, 4);
        JdbcStore store = new JdbcStore(ds, table, Clock.systemUTC(), TIMEOUT)) {
      assertTrue(store.createTableIfMissing().ok());
      store.startSweeping(Duration.ofMillis(200));
      PostgresFaultTest.Figures f = PostgresFaultTest.run(
          "pg_ctl stop -m fast, down 1000ms, pg_ctl start", store, () -> restart(1000), 500, 1500);
      assertTrue(Set.of(StoreError.Kind.TIMEOUT, StoreError.Kind.UNAVAILABLE)
          .containsAll(f.failures().keySet()), f.toString());
      assertTrue(f.failures().getOrDefault(StoreError.Kind.UNAVAILABLE, 0) >= 1, f.toString());
      PostgresFaultTest.assertBoundedAndClean(f, "served again without a new store or pool: ");
    }
    nothingLeft(app, table);
  }

  /**
   * The HTTP soak through both faults in turn: store failures reach the clients as 503s (the
   * FAIL_REQUEST policy), never 500s, and the books stay clean.
   */
  @Test
  void httpSoakThroughAStopAndARestart() throws Exception {
    String app = "sessioncheck-soak-faults";
    String table = "soak";
    try (HikariDataSource ds = pool(app, 8);
        JdbcStore store = new JdbcStore(ds, table, Clock.systemUTC(), TIMEOUT)) {
      assertTrue(store.createTableIfMissing().ok());
      HttpSoak.Figures f = HttpSoak.on("jdbc on a private PostgreSQL: SIGSTOP 2000ms, then "
              + "pg_ctl stop -m fast / down 1000ms / start", store)
          .fault(1000, () -> {
            int n = pause(2000);
            Thread.sleep(1000);
            return n + restart(1000);
          }, 2500).run();
      f.assertClean();
      assertTrue(f.count(503) > 0, "the faults reached the clients as 503s: " + f);
    }
    nothingLeft(app, table);
  }
}

package dev.sessioncheck.runtime.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/** The machine's PostgreSQL (127.0.0.1:5432, trust auth, database {@code test}) for the tests. */
final class LivePostgres {
  static final String URL = System.getProperty("sessioncheck.postgres.url",
      "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getProperty("sessioncheck.postgres.user", "postgres");

  /** Whether the last probe answered; cleanup after a skipped class has nothing to drop. */
  private static volatile boolean reachable;

  private LivePostgres() {}

  /** A table name no other test class (or concurrent run) uses. */
  static String uniqueTable(String what) {
    return "sct_" + what + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** A non-pooling DataSource that tags its connections with {@code applicationName}. */
  static PGSimpleDataSource dataSource(String applicationName) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(URL);
    ds.setUser(USER);
    ds.setApplicationName(applicationName);
    ds.setConnectTimeout(2);
    return ds;
  }

  /**
   * Checks PostgreSQL answers, or skips the calling test class with the reason, or fails it when
   * {@code SESSIONCHECK_REQUIRE_SERVICES=1} (CI promises the services, so absence is a failure).
   */
  static void reachableOrSkip() {
    try (Connection c = dataSource("sessioncheck-probe").getConnection();
        Statement st = c.createStatement()) {
      st.execute("SELECT 1");
      reachable = true;
    } catch (SQLException e) {
      reachable = false;
      String why = "PostgreSQL is not reachable at " + URL + " as " + USER + " (" + e.getMessage() + ")";
      if ("1".equals(System.getenv("SESSIONCHECK_REQUIRE_SERVICES"))) {
        fail(why + ", and SESSIONCHECK_REQUIRE_SERVICES=1 requires it");
      }
      String skip = why + ": skipping; start PostgreSQL, or set SESSIONCHECK_REQUIRE_SERVICES=1 "
          + "to make this a failure";
      // Surefire does not print why a whole class was aborted, so say it here as well.
      System.err.println("[postgres] " + skip);
      Assumptions.abort(skip);
    }
  }

  static void dropTable(String table) throws SQLException {
    if (!reachable) {
      return;
    }
    try (Connection c = dataSource("sessioncheck-cleanup").getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
    }
  }
}

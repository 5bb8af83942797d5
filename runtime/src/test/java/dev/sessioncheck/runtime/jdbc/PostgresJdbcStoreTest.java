package dev.sessioncheck.runtime.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JdbcStoreContract} on the machine's PostgreSQL, in a table of this class's own (emptied
 * before each test, dropped afterwards).
 */
class PostgresJdbcStoreTest extends JdbcStoreContract {
  private static final String TABLE = LivePostgres.uniqueTable("contract");

  @BeforeAll
  static void reachable() {
    LivePostgres.reachableOrSkip();
  }

  @AfterAll
  static void dropTable() throws SQLException {
    LivePostgres.dropTable(TABLE);
  }

  @Override
  DataSource openDataSource() {
    return LivePostgres.dataSource("sessioncheck-contract");
  }

  @Override
  String table() {
    return TABLE;
  }

  @Override
  void closeDataSource() {
    // PGSimpleDataSource holds no connections.
  }
}

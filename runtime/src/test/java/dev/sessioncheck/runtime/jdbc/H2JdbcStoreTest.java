package dev.sessioncheck.runtime.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** {@link JdbcStoreContract} on embedded H2: a fresh in-memory database per test. */
class H2JdbcStoreTest extends JdbcStoreContract {
  private static final AtomicInteger DB = new AtomicInteger();
  private JdbcDataSource h2;

  @Override
  DataSource openDataSource() {
    h2 = new JdbcDataSource();
    // H2's own lock wait is longer than the store's bound, so the bound is what a waiter meets.
    h2.setURL("jdbc:h2:mem:sessions" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
    return h2;
  }

  @Override
  String table() {
    return JdbcStore.DEFAULT_TABLE;
  }

  @Override
  void closeDataSource() throws SQLException {
    try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    }
  }
}

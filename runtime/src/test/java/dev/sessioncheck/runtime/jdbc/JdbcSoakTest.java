package dev.sessioncheck.runtime.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessioncheck.runtime.soak.HttpSoak;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpSoak} on {@link JdbcStore} through a HikariCP pool: on embedded H2 and on the
 * machine's PostgreSQL (skipped when unreachable, failed under SESSIONCHECK_REQUIRE_SERVICES=1).
 */
class JdbcSoakTest {
  private static final AtomicInteger DB = new AtomicInteger();

  private static HikariDataSource pool(String url, String user, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(JdbcStore.DEFAULT_TIMEOUT.toMillis());
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  @Test
  void h2() throws Exception {
    try (HikariDataSource ds = pool("jdbc:h2:mem:soak" + DB.incrementAndGet()
            + ";DB_CLOSE_DELAY=-1", null, "sessioncheck-soak-h2");
        JdbcStore store = new JdbcStore(ds, JdbcStore.DEFAULT_TABLE, Clock.systemUTC())) {
      assertTrue(store.createTableIfMissing().ok());
      store.startSweeping(Duration.ofMillis(500));
      HttpSoak.on("jdbc on H2 (JdbcStore, HikariCP)", store).run().assertClean();
    }
  }

  @Test
  void postgres() throws Exception {
    LivePostgres.reachableOrSkip();
    String table = LivePostgres.uniqueTable("soak");
    try (HikariDataSource ds = pool(LivePostgres.URL, LivePostgres.USER, "sessioncheck-soak-pg");
        JdbcStore store = new JdbcStore(ds, table, Clock.systemUTC())) {
      assertTrue(store.createTableIfMissing().ok());
      store.startSweeping(Duration.ofMillis(500));
      HttpSoak.on("jdbc on PostgreSQL (JdbcStore, HikariCP)", store).run().assertClean();
    } finally {
      LivePostgres.dropTable(table);
    }
  }
}

package dev.sessioncheck.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessioncheck.redis.RedisStore;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.jdbc.JdbcStore;
import java.io.IOException;
import java.net.URI;



import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;



import java.util.regex.Pattern;

/**
 * Where the demo keeps its sessions, as chosen with {@code --store}: {@link Memory}, {@link Redis}
 * or {@link Jdbc}. {@link #open()} connects and checks the store is reachable.
 */
public sealed interface DemoStore permits DemoStore.Memory, DemoStore.Redis, DemoStore.Jdbc {

  /** Longest any store operation's connection wait may take; a down server must not hang requests. */
  Duration TIMEOUT = Duration.ofSeconds(2);

  /** The store as it can be printed: no password. */
  String describe();

  /** Connects; throws {@link StartupException} when the store cannot be reached or prepared. */
  Opened open() throws StartupException;

  /** In this process only (the default); the session manager creates and closes it. */
  record Memory() implements DemoStore {
    @Override
    public String describe() {
      return "memory";
    }

    @Override
    public Opened open() {
      return new Opened(Optional.empty(), () -> { });
    }
  }

  /** {@link RedisStore} on {@code redis://host[:port][/db]}, keys {@code <keyPrefix><id>}. */
  record Redis(URI uri, String keyPrefix) implements DemoStore {
    public Redis {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      RedisStore.builder(uri); // validates the URI, throws IllegalArgumentException
    }

    @Override
    public String describe() {
      return redact(uri.toString()) + " (key prefix " + keyPrefix + ")";
    }

    @Override
    public Opened open() throws StartupException {
      RedisStore store = RedisStore.builder(uri).prefix(keyPrefix).timeout(TIMEOUT).build();
      // The pool connects lazily: one harmless GET proves Redis answers before the demo says so.
      Optional<StoreError> failure = store.load("sessioncheck-demo-startup-check").failure();
      if (failure.isPresent()) {
        store.close();
        throw new StartupException("cannot reach Redis at " + redact(uri.toString()) + ": "
            + failure.get().kind() + " (" + failure.get().message() + ")");
      }
      return new Opened(Optional.of(store), store::close);
    }
  }

  /** {@link JdbcStore} over a HikariCP pool on {@code jdbc:postgresql:...} or {@code jdbc:h2:...}. */
  record Jdbc(String url, String table) implements DemoStore {
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public Jdbc {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(table, "table");
      if (!isPostgres(url) && !isH2(url)) {
        throw new IllegalArgumentException("only jdbc:postgresql: and jdbc:h2: URLs are supported");
      }
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException(
            "table must be letters, digits and '_' (not starting with a digit), got '" + table + "'");
      }
    }

    static boolean isPostgres(String url) {
      return url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    static boolean isH2(String url) {
      return url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:");
    }

    @Override
    public String describe() {
      return redact(url) + " (table " + table + ")";
    }

    /** The URL the pool connects to: an in-memory H2 database is kept while the JVM runs. */
    String effectiveUrl() {
      // Without DB_CLOSE_DELAY=-1, H2 drops a mem: database when its last connection closes, and
      // the pool may retire all its connections at once.
      if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")
          && !url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_DELAY")) {
        return url + ";DB_CLOSE_DELAY=-1";
      }
      return url;
    }

    @Override
    public Opened open() throws StartupException {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(effectiveUrl());
      // Named explicitly: under exec:java the DriverManager may not see drivers on the project's
      // class path.
      config.setDriverClassName(isPostgres(url) ? "org.postgresql.Driver" : "org.h2.Driver");
      config.setPoolName("sessioncheck-demo");
      config.setMaximumPoolSize(4);
      config.setConnectionTimeout(TIMEOUT.toMillis());
      config.setValidationTimeout(Math.min(1000, TIMEOUT.toMillis()));
      config.setInitializationFailTimeout(1); // one try at startup, then a clear error
      if (isPostgres(url)) {
        // Seconds. Parameters in the URL win over these.
        config.addDataSourceProperty("connectTimeout", Long.toString(TIMEOUT.toSeconds()));
        // A locked row or a stuck query must not hold a request thread for long either.
        config.addDataSourceProperty("options", "-c statement_timeout=" + TIMEOUT.toMillis());
      }
      HikariDataSource dataSource;
      try {
        dataSource = new HikariDataSource(config);
      } catch (RuntimeException e) {
        throw new StartupException("cannot reach the database at " + redact(url) + ": "
            + rootMessage(e), e);
      }
      try {
        JdbcStore store = new JdbcStore(dataSource, table, Clock.systemUTC(), TIMEOUT);
        Optional<StoreError> failure = store.createTableIfMissing().failure();
        if (failure.isPresent()) {
          store.close();
          throw new StartupException("cannot create table " + table + " at " + redact(url) + ": "
              + failure.get().message() + " (" + rootMessage(failure.get().cause()) + ")");
        }
        // The store never returns an expired row; the sweep keeps the table from growing.
        store.startSweeping(Duration.ofMinutes(1));
        return new Opened(Optional.of(store), () -> {
          try {
            store.close(); // stops the sweep; a sweep in progress ends within the bound
          } finally {
            dataSource.close();
          }
        });
      } catch (StartupException | RuntimeException e) {
        dataSource.close();
        throw e;
      }
    }
  }

  /** An open store and what to close when the demo stops (after the session manager). */
  final class Opened implements AutoCloseable {
    private final Optional<SessionStore> store;
    private final Runnable closer;

    Opened(Optional<SessionStore> store, Runnable closer) {
      this.store = store;
      this.closer = closer;
    }

    /** The store to hand to the session config; empty: the config's default memory store. */
    public Optional<SessionStore> store() {
      return store;
    }

    @Override
    public void close() {
      closer.run();
    }
  }

  /** The store could not be reached or prepared at startup; {@code main} exits with 2. */
  final class StartupException extends IOException {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
      super(message);
    }

    StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Hides {@code password=...} parameters and {@code user:password@} parts of a URL. */
  static String redact(String location) {
    return location.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//[^/@?#]*@", "//***@");
  }

  private static String rootMessage(Throwable e) {
    if (e == null) {
      return "no further detail";
    }
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}

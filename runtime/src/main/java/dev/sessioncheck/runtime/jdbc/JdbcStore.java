package dev.sessioncheck.runtime.jdbc;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import dev.sessioncheck.runtime.json.SessionJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A session store in a SQL table, through plain JDBC (no driver is bundled). One row per session:
 *
 * <pre>{@code
 * CREATE TABLE sessioncheck_sessions (
 *   id         VARCHAR(255) PRIMARY KEY,
 *   data       TEXT NOT NULL,     -- the JSON stored form (CLOB on H2)
 *   expires_at BIGINT             -- epoch milliseconds; NULL = never
 * );
 * CREATE INDEX sessioncheck_sessions_expires_at ON sessioncheck_sessions (expires_at);
 * }</pre>
 *
 * <p>{@link #createTableIfMissing()} runs the schema shipped as a resource next to this class
 * ({@code schema-postgresql.sql} on PostgreSQL, {@code schema-h2.sql} elsewhere); otherwise create
 * the table yourself.
 *
 * <ul>
 *   <li>An UPDATE merges the changed attributes inside one transaction that locks the row ({@code
 *       SELECT ... FOR UPDATE}), so concurrent requests do not lose each other's writes, and never
 *       inserts a row (no resurrection).
 *   <li>A CREATE inserts only if the id is free or holds an expired row; a live row under that id
 *       is {@link StoreError.Kind#CONFLICT}. On PostgreSQL it is one {@code INSERT ... ON CONFLICT}
 *       statement, so racing CREATEs cannot fail with a duplicate key; elsewhere the losing
 *       INSERT's duplicate-key error becomes CONFLICT.
 *   <li>Expired rows are never returned; {@link #sweep()} deletes them in bounded batches, and
 *       {@link #startSweeping(Duration)} does so periodically until {@link #close()}.
 *   <li><b>Bounded failure.</b> Every operation has a deadline ({@link #DEFAULT_TIMEOUT} unless
 *       configured). Over a network, before each statement (and the commit) the connection's
 *       network timeout is set to the time left, so a server that stops answering cannot hold
 *       the caller past the bound; the statement's query timeout is then one second later, a
 *       backstop that never fires first. (A driver's query timeout sends a cancel request to the
 *       server: PostgreSQL's driver sends the cancels of all its statements one after another
 *       on one timer thread, and each statement waits for its own, so with a stopped server the
 *       cancels, not the bound, decided how long callers waited.) Without a network (embedded
 *       databases) the query timeout is the time left (JDBC counts whole seconds, so it is
 *       rounded up). The DataSource's login timeout is set to the bound if it had none. A
 *       network timeout drops the connection (the pool replaces it); a statement the server
 *       runs later anyway is one whose outcome the caller was told is unknown (TIMEOUT).
 *       H2 ignores the query timeout while it waits
 *       for a row lock, so on H2 each connection's {@code LOCK_TIMEOUT} is set to the time left.
 *       A connection that cannot be had within the bound is a TIMEOUT. A pool's own wait for a free connection is
 *       the pool's setting (HikariCP: {@code connectionTimeout}); set it at most the bound.
 *   <li>SQL failures become values: timeouts, cancelled statements and lock waits {@link
 *       StoreError.Kind#TIMEOUT}; constraint violations and rollbacks (deadlock, serialisation
 *       failure) {@link StoreError.Kind#CONFLICT}; connection problems and anything else {@link
 *       StoreError.Kind#UNAVAILABLE}. A later operation takes a fresh connection from the
 *       DataSource, so the store recovers by itself once the database is back.
 * </ul>
 */
public final class JdbcStore
    implements SessionStore.Listable, SessionStore.Clearable, SessionStore.Counting, AutoCloseable {

  /** The default table name. */
  public static final String DEFAULT_TABLE = "sessioncheck_sessions";

  /** Longest id the default table holds. */
  public static final int MAX_ID_LENGTH = 255;

  /** The default bound on one operation. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Rows one sweep batch deletes at most. */
  public static final int DEFAULT_SWEEP_BATCH = 1000;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  /** Extra wait for a sweep still running when {@link #close()} stops it. */
  private static final int CLOSE_SLACK_MS = 1000;

  private enum Dialect { POSTGRESQL, H2, OTHER }

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;
  private final Duration timeout;
  private volatile Dialect dialect;
  private ScheduledExecutorService sweeper;
  private volatile StoreResult<Long> lastSweep;

  /**
   * @param dataSource where connections come from (pooled, ideally)
   * @param table the table name: letters, digits and underscores (it is put into SQL as is)
   * @param clock the time source for expiry
   * @param timeout the bound on each operation (positive; rounded up to whole seconds for the
   *     statements' query timeout)
   */
  public JdbcStore(DataSource dataSource, String table, Clock clock, Duration timeout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    if (table == null || !IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table must be a plain SQL identifier (letters, digits, '_'), got " + table);
    }
    this.table = table;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    try {
      if (dataSource.getLoginTimeout() == 0) {
        dataSource.setLoginTimeout(seconds(timeout.toMillis()));
      }
    } catch (SQLException | UnsupportedOperationException e) {
      // Some pools refuse the setting; their own connection timeout bounds the wait instead.
    }
  }

  /** A store with {@link #DEFAULT_TIMEOUT}. */
  public JdbcStore(DataSource dataSource, String table, Clock clock) {
    this(dataSource, table, clock, DEFAULT_TIMEOUT);
  }

  /** A store on {@link #DEFAULT_TABLE}, the UTC clock and {@link #DEFAULT_TIMEOUT}. */
  public JdbcStore(DataSource dataSource) {
    this(dataSource, DEFAULT_TABLE, Clock.systemUTC());
  }

  /** The bound on each operation. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Creates the table and its expiry index if they do not exist, from the schema resource for this
   * database (see the class comment).
   */
  public StoreResult<WriteStatus> createTableIfMissing() {
    StoreResult<WriteStatus> r = createOnce();
    // Two processes creating the same table at once on PostgreSQL: the loser's CREATE ... IF NOT
    // EXISTS can still fail on the catalog's unique index; the table exists by then, so retry once.
    if (r.failure().map(e -> e.kind() == StoreError.Kind.CONFLICT).orElse(false)) {
      return createOnce();
    }
    return r;
  }

  private StoreResult<WriteStatus> createOnce() {
    long deadline = deadline();
    try (Lease l = lease(deadline)) {
      String resource = dialect == Dialect.POSTGRESQL ? "schema-postgresql.sql" : "schema-h2.sql";
      for (String sql : schema(resource)) {
        try (Statement st = l.c.createStatement()) {
          l.bound(deadline);
          st.setQueryTimeout(l.queryTimeout(deadline));
          st.execute(sql);
        }
      }
      return StoreResult.ok(WriteStatus.DONE);
    } catch (SQLException e) {
      return StoreResult.failed(translate("create table", e));
    } catch (IOException e) {
      return StoreResult.failed(new StoreError(StoreError.Kind.UNAVAILABLE,
          "JDBC schema resource unreadable", e));
    }
  }

  /** The statements of a schema resource, with the table name put in. */
  private List<String> schema(String resource) throws IOException {
    String text;
    try (InputStream in = JdbcStore.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("--")) {
        current.append(line).append('\n');
      }
    }
    for (String sql : current.toString().split(";")) {
      if (!sql.isBlank()) {
        out.add(sql.strip().replace("${table}", table));
      }
    }
    return out;
  }

  @Override
  public StoreResult<Optional<SessionRecord>> load(String id) {
    if (id.length() > MAX_ID_LENGTH) {
      return StoreResult.ok(Optional.empty());
    }
    long deadline = deadline();
    String json;
    try (Lease l = lease(deadline);
        PreparedStatement ps = prepare(l, deadline,
            "SELECT data FROM " + table + " WHERE id = ? AND (expires_at IS NULL OR expires_at > ?)")) {
      ps.setString(1, id);
      ps.setLong(2, clock.millis());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return StoreResult.ok(Optional.empty());
        }
        json = rs.getString(1);
      }
    } catch (SQLException e) {
      return StoreResult.failed(translate("load", e));
    }
    StoreResult<SessionRecord> r = SessionJson.read(json.getBytes(StandardCharsets.UTF_8));
    if (r instanceof StoreResult.Failed<SessionRecord> f) {
      return StoreResult.failed(f.error());
    }
    return StoreResult.ok(Optional.of(r.orThrow()));
  }

  @Override
  public StoreResult<WriteStatus> save(String id, SessionWrite write) {
    if (id.length() > MAX_ID_LENGTH) {
      return StoreResult.failed(StoreError.Kind.REJECTED,
          "session id longer than " + MAX_ID_LENGTH + " characters");
    }
    if (write.mode() == SessionWrite.Mode.CREATE) {
      return insert(id, SessionJson.writeString(write.toRecord()), write.expiresAt());
    }
    return modify(id, "update", write::applyTo, write.expiresAt());
  }

  @Override
  public StoreResult<WriteStatus> touch(String id, SessionTouch touch) {
    return modify(id, "touch", touch::applyTo, touch.expiresAt());
  }

  @Override
  public StoreResult<WriteStatus> destroy(String id) {
    long deadline = deadline();
    try (Lease l = lease(deadline);
        PreparedStatement ps = prepare(l, deadline, "DELETE FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id);
      return StoreResult.ok(ps.executeUpdate() > 0 ? WriteStatus.DONE : WriteStatus.NOT_FOUND);
    } catch (SQLException e) {
      return StoreResult.failed(translate("destroy", e));
    }
  }

  /**
   * Deletes expired rows in batches of {@link #DEFAULT_SWEEP_BATCH} until a batch finds fewer or
   * the operation's bound is spent (the rest waits for the next sweep); answers how many. Fails
   * only when the first batch fails.
   */
  public StoreResult<Long> sweep() {
    long deadline = deadline();
    long total = 0;
    while (true) {
      StoreResult<Long> batch = sweepBatch(DEFAULT_SWEEP_BATCH, deadline);
      if (batch instanceof StoreResult.Failed<Long> f) {
        return total == 0 ? StoreResult.failed(f.error()) : StoreResult.ok(total);
      }
      long n = batch.orThrow();
      total += n;
      if (n < DEFAULT_SWEEP_BATCH || System.nanoTime() - deadline >= 0) {
        return StoreResult.ok(total);
      }
    }
  }

  /** Deletes at most {@code max} expired rows in one statement; answers how many. */
  public StoreResult<Long> sweepBatch(int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive, got " + max);
    }
    return sweepBatch(max, deadline());
  }

  private StoreResult<Long> sweepBatch(int max, long deadline) {
    try (Lease l = lease(deadline)) {
      // Concurrent sweepers (several instances) skip each other's rows instead of queueing.
      String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
      try (PreparedStatement ps = prepare(l, deadline, "DELETE FROM " + table
          + " WHERE id IN (SELECT id FROM " + table
          + " WHERE expires_at IS NOT NULL AND expires_at <= ? LIMIT ?" + lock + ")")) {
        ps.setLong(1, clock.millis());
        ps.setInt(2, max);
        return StoreResult.ok((long) ps.executeUpdate());
      }
    } catch (SQLException e) {
      return StoreResult.failed(translate("sweep", e));
    }
  }

  /**
   * Runs {@link #sweep()} every {@code every} on a daemon thread of its own until {@link #close()};
   * {@link #lastSweep()} tells how the latest run went.
   *
   * @throws IllegalStateException if already sweeping or closed
   */
  public synchronized void startSweeping(Duration every) {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("every must be positive, got " + every);
    }
    if (sweeper != null) {
      throw new IllegalStateException("already sweeping (or closed)");
    }
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sessioncheck-jdbc-sweep-" + table);
      t.setDaemon(true);
      return t;
    });
    long ms = every.toMillis();
    sweeper.scheduleWithFixedDelay(() -> lastSweep = sweep(), ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The result of the latest periodic sweep, if one has run. */
  public Optional<StoreResult<Long>> lastSweep() {
    return Optional.ofNullable(lastSweep);
  }

  /**
   * Stops the periodic sweep (waiting at most the operation bound for a running one). The
   * DataSource is the caller's and stays open. The store's operations keep working.
   */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = sweeper;
      if (s == null) {
        // Marks the store closed for startSweeping, with an executor that never runs anything.
        s = Executors.newSingleThreadScheduledExecutor();
        sweeper = s;
      }
    }
    s.shutdownNow();
    try {
      if (!s.awaitTermination(timeout.toMillis() + CLOSE_SLACK_MS, TimeUnit.MILLISECONDS)) {
        System.getLogger(JdbcStore.class.getName()).log(System.Logger.Level.WARNING,
            "sweep thread did not stop within the bound");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public StoreResult<List<String>> ids() {
    long deadline = deadline();
    try (Lease l = lease(deadline);
        PreparedStatement ps = prepare(l, deadline, "SELECT id FROM " + table
            + " WHERE expires_at IS NULL OR expires_at > ? ORDER BY id")) {
      ps.setLong(1, clock.millis());
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return StoreResult.ok(List.copyOf(out));
    } catch (SQLException e) {
      return StoreResult.failed(translate("list", e));
    }
  }

  @Override
  public StoreResult<Long> clear() {
    long deadline = deadline();
    try (Lease l = lease(deadline);
        PreparedStatement ps = prepare(l, deadline, "DELETE FROM " + table)) {
      return StoreResult.ok((long) ps.executeUpdate());
    } catch (SQLException e) {
      return StoreResult.failed(translate("clear", e));
    }
  }

  /** Live (unexpired) sessions. */
  @Override
  public StoreResult<Long> count() {
    long deadline = deadline();
    try (Lease l = lease(deadline);
        PreparedStatement ps = prepare(l, deadline, "SELECT COUNT(*) FROM " + table
            + " WHERE expires_at IS NULL OR expires_at > ?")) {
      ps.setLong(1, clock.millis());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return StoreResult.ok(rs.getLong(1));
      }
    } catch (SQLException e) {
      return StoreResult.failed(translate("count", e));
    }
  }

  // ---- internals -------------------------------------------------------------------------------

  private long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }

  private static int seconds(long millis) {
    return (int) Math.max(1, (millis + 999) / 1000);
  }

  private static long millisLeft(long deadline) throws SQLTimeoutException {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (ms <= 0) {
      throw new SQLTimeoutException("the store's operation bound is spent");
    }
    return ms;
  }

  private static int secondsLeft(long deadline) throws SQLTimeoutException {
    return seconds(millisLeft(deadline));
  }

  /** A connection with the operation's network timeout; closing it restores the old one. */
  private static final class Lease implements AutoCloseable {
    final Connection c;
    /** The network timeout the connection had, or -1 without a network (embedded database). */
    private final int oldNetworkTimeout;

    Lease(Connection c, int oldNetworkTimeout) {
      this.c = c;
      this.oldNetworkTimeout = oldNetworkTimeout;
    }

    /** The next round trip may wait only the time left. */
    void bound(long deadline) throws SQLException {
      if (oldNetworkTimeout >= 0) {
        c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, millisLeft(deadline)));
      }
    }

    /**
     * Whole seconds for {@code setQueryTimeout}: with a network timeout one second more than the
     * time left, so the network timeout ends the wait and the driver never sends a cancel.
     */
    int queryTimeout(long deadline) throws SQLTimeoutException {
      return secondsLeft(deadline) + (oldNetworkTimeout >= 0 ? 1 : 0);
    }

    @Override
    public void close() throws SQLException {
      try {
        if (oldNetworkTimeout >= 0 && !c.isClosed()) {
          c.setNetworkTimeout(Runnable::run, oldNetworkTimeout);
        }
      } finally {
        c.close();
      }
    }
  }

  private Lease lease(long deadline) throws SQLException {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      if (System.nanoTime() - deadline >= 0) {
        // A pool that waited the whole bound for a free connection: the caller met a timeout,
        // not a dead server (which refuses fast and stays UNAVAILABLE).
        SQLTimeoutException t = new SQLTimeoutException(
            "no connection within the store's bound: " + e.getMessage(), e.getSQLState());
        t.initCause(e);
        throw t;
      }
      throw e;
    }
    try {
      long left = millisLeft(deadline);
      if (dialect == null) {
        String product = c.getMetaData().getDatabaseProductName();
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        dialect = p.contains("postgres") ? Dialect.POSTGRESQL
            : p.equals("h2") ? Dialect.H2 : Dialect.OTHER;
      }
      if (dialect == Dialect.H2) {
        // H2 waits for a row lock for its LOCK_TIMEOUT whatever the query timeout says, so the
        // connection's lock wait is set to the time left (it stays so on a pooled connection).
        try (Statement st = c.createStatement()) {
          st.execute("SET LOCK_TIMEOUT " + left);
        }
      }
      int old = -1;
      try {
        old = c.getNetworkTimeout();
        c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, left));
      } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
        // Embedded databases have no network; the query timeout alone bounds them.
        old = -1;
      }
      return new Lease(c, old);
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static PreparedStatement prepare(Lease l, long deadline, String sql) throws SQLException {
    PreparedStatement ps = l.c.prepareStatement(sql);
    try {
      l.bound(deadline);
      ps.setQueryTimeout(l.queryTimeout(deadline));
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  private StoreResult<WriteStatus> insert(String id, String json, Optional<Instant> expiresAt) {
    long deadline = deadline();
    try (Lease l = lease(deadline)) {
      if (dialect == Dialect.POSTGRESQL) {
        // One statement: a live row under the id is left alone (0 rows = CONFLICT), an expired
        // one is replaced, and racing inserts of the same id never raise a duplicate key.
        try (PreparedStatement ps = prepare(l, deadline, "INSERT INTO " + table
            + " AS t (id, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE"
            + " SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at"
            + " WHERE t.expires_at IS NOT NULL AND t.expires_at <= ?")) {
          ps.setString(1, id);
          ps.setString(2, json);
          setExpiry(ps, 3, expiresAt);
          ps.setLong(4, clock.millis());
          if (ps.executeUpdate() == 0) {
            return StoreResult.failed(StoreError.Kind.CONFLICT, "JDBC create: id already in use");
          }
          return StoreResult.ok(WriteStatus.DONE);
        }
      }
      // An expired row under the same id must not block the insert; it is dead anyway.
      try (PreparedStatement del = prepare(l, deadline, "DELETE FROM " + table
          + " WHERE id = ? AND expires_at IS NOT NULL AND expires_at <= ?")) {
        del.setString(1, id);
        del.setLong(2, clock.millis());
        del.executeUpdate();
      }
      try (PreparedStatement ps = prepare(l, deadline,
          "INSERT INTO " + table + " (id, data, expires_at) VALUES (?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, json);
        setExpiry(ps, 3, expiresAt);
        ps.executeUpdate();
        return StoreResult.ok(WriteStatus.DONE);
      }
    } catch (SQLException e) {
      return StoreResult.failed(translate("create", e));
    }
  }

  @FunctionalInterface
  private interface Change {
    SessionRecord apply(SessionRecord old);
  }

  /** Read the row under a lock, change it, write it back; one transaction. */
  private StoreResult<WriteStatus> modify(
      String id, String what, Change change, Optional<Instant> expiresAt) {
    long deadline = deadline();
    try (Lease l = lease(deadline)) {
      Connection c = l.c;
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        StoreResult<WriteStatus> r = modifyIn(l, deadline, id, change, expiresAt);
        if (r.ok()) {
          l.bound(deadline);
          c.commit();
        } else {
          c.rollback();
        }
        return r;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          // A dead connection cannot roll back; the original failure is the one to report.
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        if (!c.isClosed()) {
          c.setAutoCommit(autoCommit);
        }
      }
    } catch (SQLException e) {
      return StoreResult.failed(translate(what, e));
    }
  }

  private StoreResult<WriteStatus> modifyIn(Lease l, long deadline, String id, Change change,
      Optional<Instant> expiresAt) throws SQLException {
    String json;
    try (PreparedStatement ps = prepare(l, deadline, "SELECT data FROM " + table
        + " WHERE id = ? AND (expires_at IS NULL OR expires_at > ?) FOR UPDATE")) {
      ps.setString(1, id);
      ps.setLong(2, clock.millis());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return StoreResult.ok(WriteStatus.NOT_FOUND);
        }
        json = rs.getString(1);
      }
    }
    StoreResult<SessionRecord> old = SessionJson.read(json);
    if (old instanceof StoreResult.Failed<SessionRecord> f) {
      return StoreResult.failed(f.error());
    }
    String next = SessionJson.writeString(change.apply(old.orThrow()));
    try (PreparedStatement ps = prepare(l, deadline,
        "UPDATE " + table + " SET data = ?, expires_at = ? WHERE id = ?")) {
      ps.setString(1, next);
      setExpiry(ps, 2, expiresAt);
      ps.setString(3, id);
      ps.executeUpdate();
    }
    return StoreResult.ok(WriteStatus.DONE);
  }

  private static void setExpiry(PreparedStatement ps, int index, Optional<Instant> expiresAt)
      throws SQLException {
    if (expiresAt.isPresent()) {
      ps.setLong(index, expiresAt.get().toEpochMilli());
    } else {
      ps.setNull(index, Types.BIGINT);
    }
  }

  /** Maps a JDBC failure onto the store's error kinds; never includes attribute values. */
  static StoreError translate(String operation, SQLException e) {
    StoreError.Kind kind;
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (e instanceof SQLTimeoutException
        // 57014 query cancelled (by the query timeout), 55P03 lock wait (PostgreSQL
        // lock_timeout), HYT00 lock wait (H2)
        || state.equals("57014") || state.equals("55P03") || state.equals("HYT00")
        || causedBy(e, SocketTimeoutException.class)) {
      kind = StoreError.Kind.TIMEOUT;
    } else if (e instanceof SQLIntegrityConstraintViolationException || state.startsWith("23")
        || e instanceof SQLTransactionRollbackException || state.startsWith("40")) {
      kind = StoreError.Kind.CONFLICT;
    } else if (e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException || state.startsWith("08")) {
      kind = StoreError.Kind.UNAVAILABLE;
    } else {
      kind = StoreError.Kind.UNAVAILABLE;
    }
    return new StoreError(kind, "JDBC " + operation + " failed (SQLState " + state + ")", e);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        return false;
      }
    }
    return false;
  }
}

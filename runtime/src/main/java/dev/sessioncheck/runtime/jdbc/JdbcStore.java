package dev.sessioncheck.runtime.jdbc;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import dev.sessioncheck.runtime.json.SessionJson;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A session store in a SQL table, through plain JDBC (no driver is bundled). One row per session:
 *
 * <pre>{@code
 * CREATE TABLE sessioncheck_sessions (
 *   id         VARCHAR(255) PRIMARY KEY,
 *   data       CLOB NOT NULL,     -- the JSON stored form (TEXT on PostgreSQL, LONGTEXT on MySQL)
 *   expires_at BIGINT             -- epoch milliseconds; NULL = never
 * )
 * }</pre>
 *
 * <p>{@link #createTableIfMissing()} issues that statement (fine for H2, Derby-like and most
 * databases accepting {@code CLOB}); otherwise create the table yourself.
 *
 * <ul>
 *   <li>An UPDATE merges the changed attributes inside one transaction that locks the row ({@code
 *       SELECT ... FOR UPDATE}), so concurrent requests do not lose each other's writes, and never
 *       inserts a row (no resurrection).
 *   <li>A CREATE is an INSERT: an existing id is {@link StoreError.Kind#CONFLICT}.
 *   <li>Expired rows are never returned; {@link #sweep()} deletes them (call it periodically).
 *   <li>SQL failures become values: connection problems {@link StoreError.Kind#UNAVAILABLE},
 *       timeouts {@link StoreError.Kind#TIMEOUT}, constraint violations and rollbacks (deadlock,
 *       serialisation failure) {@link StoreError.Kind#CONFLICT}, anything else UNAVAILABLE.
 * </ul>
 */
public final class JdbcStore
    implements SessionStore.Listable, SessionStore.Clearable, SessionStore.Counting {

  /** The default table name. */
  public static final String DEFAULT_TABLE = "sessioncheck_sessions";

  /** Longest id the default table holds. */
  public static final int MAX_ID_LENGTH = 255;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;

  /**
   * @param dataSource where connections come from (pooled, ideally)
   * @param table the table name: letters, digits and underscores (it is put into SQL as is)
   * @param clock the time source for expiry
   */
  public JdbcStore(DataSource dataSource, String table, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    if (table == null || !IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table must be a plain SQL identifier (letters, digits, '_'), got " + table);
    }
    this.table = table;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A store on {@link #DEFAULT_TABLE} and the UTC clock. */
  public JdbcStore(DataSource dataSource) {
    this(dataSource, DEFAULT_TABLE, Clock.systemUTC());
  }

  /** Creates the table if it does not exist (see the class comment for the DDL). */
  public StoreResult<WriteStatus> createTableIfMissing() {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(" + MAX_ID_LENGTH
          + ") PRIMARY KEY, data CLOB NOT NULL, expires_at BIGINT)");
      return StoreResult.ok(WriteStatus.DONE);
    } catch (SQLException e) {
      return StoreResult.failed(translate("create table", e));
    }
  }

  @Override
  public StoreResult<Optional<SessionRecord>> load(String id) {
    if (id.length() > MAX_ID_LENGTH) {
      return StoreResult.ok(Optional.empty());
    }
    String json;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
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
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id);
      return StoreResult.ok(ps.executeUpdate() > 0 ? WriteStatus.DONE : WriteStatus.NOT_FOUND);
    } catch (SQLException e) {
      return StoreResult.failed(translate("destroy", e));
    }
  }

  /** Deletes every expired row; answers how many. */
  public StoreResult<Long> sweep() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "DELETE FROM " + table + " WHERE expires_at IS NOT NULL AND expires_at <= ?")) {
      ps.setLong(1, clock.millis());
      return StoreResult.ok((long) ps.executeUpdate());
    } catch (SQLException e) {
      return StoreResult.failed(translate("sweep", e));
    }
  }

  @Override
  public StoreResult<List<String>> ids() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table
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
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table)) {
      return StoreResult.ok((long) ps.executeUpdate());
    } catch (SQLException e) {
      return StoreResult.failed(translate("clear", e));
    }
  }

  /** Live (unexpired) sessions. */
  @Override
  public StoreResult<Long> count() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table
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

  private StoreResult<WriteStatus> insert(String id, String json, Optional<Instant> expiresAt) {
    try (Connection c = dataSource.getConnection()) {
      // An expired row under the same id must not block the insert; it is dead anyway.
      try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table
          + " WHERE id = ? AND expires_at IS NOT NULL AND expires_at <= ?")) {
        del.setString(1, id);
        del.setLong(2, clock.millis());
        del.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
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
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        StoreResult<WriteStatus> r = modifyIn(c, id, change, expiresAt);
        if (r.ok()) {
          c.commit();
        } else {
          c.rollback();
        }
        return r;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      return StoreResult.failed(translate(what, e));
    }
  }

  private StoreResult<WriteStatus> modifyIn(
      Connection c, String id, Change change, Optional<Instant> expiresAt) throws SQLException {
    String json;
    try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + table
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
    try (PreparedStatement ps = c.prepareStatement(
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
    if (e instanceof SQLTimeoutException) {
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
}

package dev.sessioncheck.redis;

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
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A session store in Redis that shares its data with Node's connect-redis: key {@code
 * <prefix><id>} ({@code sess:} by default), value the express-session JSON written by the runtime's
 * {@link SessionJson}, expiry as the key's TTL in seconds.
 *
 * <ul>
 *   <li><b>load</b> is {@code GET}; undecodable JSON is {@link StoreError.Kind#CORRUPT}.
 *   <li><b>CREATE</b> is {@code SET NX EX}: an id that exists is {@link StoreError.Kind#CONFLICT}.
 *   <li><b>UPDATE</b> and <b>touch</b> run one Lua script ({@code patch.lua}) that reads, patches and
 *       writes the record atomically on the server: UPDATE replaces the cookie and the bookkeeping
 *       object and splices in only the attributes the request set or removed; touch replaces the
 *       cookie and {@code lastAccess} and leaves every attribute byte as it was. A missing key is
 *       {@link WriteStatus#NOT_FOUND} and is never re-created (no resurrection of a destroyed
 *       session).
 *   <li><b>destroy</b> is {@code DEL}; ids / count / clear walk {@code SCAN MATCH <prefix>*}.
 *   <li><b>TTL</b>, as connect-redis: ceil((deadline − now) / 1 s), where the deadline is {@link
 *       SessionWrite#expiresAt()} (the cookie's expiry or an earlier idle/absolute deadline); one day
 *       ({@link Builder#defaultTtl(Duration)}) when there is none. A TTL ≤ 0 deletes the key, as
 *       connect-redis does.
 *   <li><b>Failures</b> are values, never exceptions: connection refused/reset/closed {@link
 *       StoreError.Kind#UNAVAILABLE}, socket or pool-wait timeouts {@link StoreError.Kind#TIMEOUT},
 *       error replies {@link StoreError.Kind#REJECTED} (or UNAVAILABLE for LOADING, BUSY, READONLY,
 *       MASTERDOWN, CLUSTERDOWN, TRYAGAIN).
 * </ul>
 *
 * <p><b>Time bound.</b> With {@link Builder#timeout(Duration)} = T, each blocking step (waiting for a
 * pooled connection, connecting, each reply) is limited to T/2; an operation on an open pooled
 * connection has one such step and ends within T/2, one that must wait for or open a connection
 * has two and ends within T. Rarer extra round trips (AUTH/SELECT/CLIENT SETNAME on a new connection,
 * reloading the script after {@code SCRIPT FLUSH}) add T/2 each. The walks behind ids / count /
 * clear take one round trip per SCAN batch and are not bounded as a whole.
 *
 * <p><b>Recovery.</b> A connection that failed is discarded by Jedis; after a connection-level
 * failure this store also drops every idle pooled connection (they all point at the server that
 * went away), so once Redis is back the next operations reconnect without a restart.
 */
public final class RedisStore
    implements SessionStore.Listable, SessionStore.Clearable, SessionStore.Counting, AutoCloseable {

  public static final String DEFAULT_PREFIX = "sess:";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TTL = Duration.ofDays(1);
  public static final int DEFAULT_POOL_SIZE = 8;

  private static final String SCRIPT = loadScript();
  private static final String SCRIPT_SHA = sha1Hex(SCRIPT);
  private static final int SCAN_BATCH = 1000;

  private final UnifiedJedis client;
  /** Set when this store created the client (and its pool) and must close it. */
  private final JedisPooled owned;
  private final String prefix;
  private final long defaultTtlSeconds;
  private final Clock clock;
  private volatile boolean closed;

  private RedisStore(UnifiedJedis client, JedisPooled owned, String prefix, Duration defaultTtl,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.owned = owned;
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    if (defaultTtl == null || defaultTtl.getSeconds() < 1) {
      throw new IllegalArgumentException("defaultTtl must be at least 1s, got " + defaultTtl);
    }
    this.defaultTtlSeconds = defaultTtl.getSeconds();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A store over a client you configured and own — a {@code JedisCluster}, a {@code
   * JedisSentineled}, or a {@code JedisPooled} with your own pool settings. Its timeouts and pool
   * bound the store's operations; {@link #close()} leaves it open.
   */
  public RedisStore(UnifiedJedis client, String prefix, Duration defaultTtl, Clock clock) {
    this(client, null, prefix, defaultTtl, clock);
  }

  /** {@link #RedisStore(UnifiedJedis, String, Duration, Clock)} with prefix {@code sess:}, one day, UTC. */
  public RedisStore(UnifiedJedis client) {
    this(client, null, DEFAULT_PREFIX, DEFAULT_TTL, Clock.systemUTC());
  }

  /**
   * A store on one Redis server: {@code redis://[[user]:password@]host[:port][/db]} ({@code
   * rediss://} for TLS). The store creates and owns the connection pool.
   */
  public static Builder builder(URI redisUri) {
    return new Builder(redisUri);
  }

  /** Options of a {@link RedisStore} that owns its pool. */
  public static final class Builder {
    private final URI uri;
    private String prefix = DEFAULT_PREFIX;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Duration defaultTtl = DEFAULT_TTL;
    private String clientName;
    private Clock clock = Clock.systemUTC();

    private Builder(URI uri) {
      Objects.requireNonNull(uri, "redisUri");
      if (!JedisURIHelper.isValid(uri)
          || !(JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri))) {
        throw new IllegalArgumentException(
            "expected redis://host[:port][/db] or rediss://..., got " + uri);
      }
      this.uri = uri;
    }

    /** Key prefix; {@code sess:} like connect-redis. Must match the Node app's to share sessions. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Bound of one operation (see the class comment); at least 2 ms, default 2 s. */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.toMillis() < 2 || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("timeout must be at least 2ms, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Most connections open at once; at least 1, default 8. */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /** TTL of a record with no deadline (connect-redis {@code ttl}); at least 1 s, default 1 day. */
    public Builder defaultTtl(Duration defaultTtl) {
      if (defaultTtl == null || defaultTtl.getSeconds() < 1) {
        throw new IllegalArgumentException("defaultTtl must be at least 1s, got " + defaultTtl);
      }
      this.defaultTtl = defaultTtl;
      return this;
    }

    /** Name the connections carry in {@code CLIENT LIST} ({@code CLIENT SETNAME}); none by default. */
    public Builder clientName(String clientName) {
      this.clientName = clientName;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public RedisStore build() {
      int step = (int) Math.max(1, timeout.toMillis() / 2);
      DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
          .connectionTimeoutMillis(step)
          .socketTimeoutMillis(step)
          .blockingSocketTimeoutMillis(step)
          .database(JedisURIHelper.getDBIndex(uri))
          .user(JedisURIHelper.getUser(uri))
          .password(JedisURIHelper.getPassword(uri))
          .ssl(JedisURIHelper.isRedisSSLScheme(uri))
          // Jedis would otherwise send CLIENT SETINFO on every new connection: one more round trip
          // inside the time bound, for no use to a session store.
          .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
      if (clientName != null) {
        client.clientName(clientName);
      }
      GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
      pool.setMaxTotal(poolSize);
      pool.setMaxIdle(poolSize);
      pool.setMinIdle(0);
      pool.setBlockWhenExhausted(true);
      pool.setMaxWait(Duration.ofMillis(step));
      // No evictor thread: a store must not start threads it could leak. Dead idle connections are
      // found on use (and then all dropped, see recover()).
      pool.setTestWhileIdle(false);
      pool.setTimeBetweenEvictionRuns(Duration.ofMillis(-1));
      pool.setJmxEnabled(false);
      JedisPooled jedis =
          new JedisPooled(JedisURIHelper.getHostAndPort(uri), client.build(), pool);
      return new RedisStore(jedis, jedis, prefix, defaultTtl, clock);
    }
  }

  // ---- SessionStore ----------------------------------------------------------------------------

  @Override
  public StoreResult<Optional<SessionRecord>> load(String id) {
    return run("load", () -> {
      String json = client.get(key(id));
      if (json == null) {
        return StoreResult.ok(Optional.empty());
      }
      StoreResult<SessionRecord> r = SessionJson.read(json);
      if (r instanceof StoreResult.Failed<SessionRecord> f) {
        return StoreResult.failed(f.error());
      }
      return StoreResult.ok(Optional.of(r.orThrow()));
    });
  }

  @Override
  public StoreResult<WriteStatus> save(String id, SessionWrite write) {
    if (write.mode() == SessionWrite.Mode.CREATE) {
      return run("create", () -> {
        long ttl = ttlSeconds(write.expiresAt());
        if (ttl <= 0) {
          // Already past its deadline: connect-redis deletes instead of writing; a CREATE has
          // nothing to delete (the id may belong to someone else), so it writes nothing.
          return StoreResult.ok(WriteStatus.DONE);
        }
        String json = SessionJson.writeString(write.toRecord());
        String reply = client.set(key(id), json, SetParams.setParams().nx().ex(ttl));
        return reply == null
            ? StoreResult.failed(StoreError.Kind.CONFLICT, "a session with this id already exists")
            : StoreResult.ok(WriteStatus.DONE);
      });
    }
    return run("update", () -> {
      List<String> args = new ArrayList<>();
      args.add("update");
      args.add(Long.toString(ttlSeconds(write.expiresAt())));
      args.add(SessionJson.META_KEY);
      args.add(StoredForm.cookie(write.cookie()));
      args.add(StoredForm.meta(write.cookie(), write.created(), write.lastAccess()));
      args.add(Integer.toString(write.attributes().size()));
      args.addAll(write.attributes().keySet());
      for (Map.Entry<String, Object> e : write.attributes().entrySet()) {
        args.add(StoredForm.member(write.cookie(), e.getKey(), e.getValue()));
      }
      args.addAll(write.removed());
      return patch(id, args);
    });
  }

  @Override
  public StoreResult<WriteStatus> touch(String id, SessionTouch touch) {
    return run("touch", () -> patch(id, List.of(
        "touch",
        Long.toString(ttlSeconds(touch.expiresAt())),
        SessionJson.META_KEY,
        StoredForm.cookie(touch.cookie()),
        StoredForm.date(touch.lastAccess()))));
  }

  @Override
  public StoreResult<WriteStatus> destroy(String id) {
    return run("destroy", () ->
        StoreResult.ok(client.del(key(id)) > 0 ? WriteStatus.DONE : WriteStatus.NOT_FOUND));
  }

  /** The ids under this store's prefix, in SCAN order. */
  @Override
  public StoreResult<List<String>> ids() {
    return run("list", () -> {
      List<String> out = new ArrayList<>();
      for (String k : keys()) {
        out.add(k.substring(prefix.length()));
      }
      return StoreResult.ok(List.copyOf(out));
    });
  }

  /** Deletes every key under this store's prefix; answers how many were deleted. */
  @Override
  public StoreResult<Long> clear() {
    return run("clear", () -> {
      long n = 0;
      // One DEL per key: on a Cluster the keys of one batch live in different slots.
      for (String k : keys()) {
        n += client.del(k);
      }
      return StoreResult.ok(n);
    });
  }

  @Override
  public StoreResult<Long> count() {
    return run("count", () -> StoreResult.ok((long) keys().size()));
  }

  /**
   * Closes the pool this store created (a client passed to the constructor stays open); afterwards
   * every operation fails with UNAVAILABLE.
   */
  @Override
  public void close() {
    closed = true;
    if (owned != null) {
      owned.close();
    }
  }

  /** The key under which a session id is stored. */
  public String key(String id) {
    return prefix + id;
  }

  // ---- internals -------------------------------------------------------------------------------

  private StoreResult<WriteStatus> patch(String id, List<String> args) {
    List<String> keys = List.of(key(id));
    Object reply;
    try {
      reply = client.evalsha(SCRIPT_SHA, keys, args);
    } catch (JedisNoScriptException e) {
      // First use on this server, or its script cache was flushed: EVAL caches it again.
      reply = client.eval(SCRIPT, keys, args);
    }
    long code = reply instanceof Long l ? l : Long.MIN_VALUE;
    if (code == 1) {
      return StoreResult.ok(WriteStatus.DONE);
    }
    if (code == 0) {
      return StoreResult.ok(WriteStatus.NOT_FOUND);
    }
    if (code == -1) {
      return StoreResult.failed(StoreError.Kind.CORRUPT, "stored session is corrupt: not valid JSON");
    }
    if (code == -2) {
      return StoreResult.failed(StoreError.Kind.CORRUPT,
          "stored session is corrupt: not an object with one \"cookie\" object and unique keys");
    }
    return StoreResult.failed(StoreError.Kind.REJECTED, "unexpected script reply: " + reply);
  }

  private Set<String> keys() {
    // A set: SCAN may return a key twice (rehashing, or a Cluster walked node by node).
    Set<String> keys = new LinkedHashSet<>();
    ScanIteration scan = client.scanIteration(SCAN_BATCH, globEscape(prefix) + "*");
    while (!scan.isIterationCompleted()) {
      keys.addAll(scan.nextBatchList());
    }
    return keys;
  }

  private static String globEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 4);
    for (char ch : s.toCharArray()) {
      if ("*?[]\\".indexOf(ch) >= 0) {
        sb.append('\\');
      }
      sb.append(ch);
    }
    return sb.toString();
  }

  /** connect-redis: {@code Math.ceil(ms / 1000)} to the deadline, else the default TTL. */
  private long ttlSeconds(Optional<Instant> deadline) {
    if (deadline.isEmpty()) {
      return defaultTtlSeconds;
    }
    long ms = deadline.get().toEpochMilli() - clock.millis();
    return Math.floorDiv(ms + 999, 1000);
  }

  private <T> StoreResult<T> run(String operation, Supplier<StoreResult<T>> op) {
    if (closed) {
      return StoreResult.failed(StoreError.Kind.UNAVAILABLE, "the RedisStore is closed");
    }
    try {
      return op.get();
    } catch (RuntimeException e) {
      StoreError error = RedisErrors.translate(operation, e);
      if (error.kind() == StoreError.Kind.UNAVAILABLE) {
        recover();
      }
      return StoreResult.failed(error);
    }
  }

  /** Drops the idle pooled connections: after a connection-level failure they are suspect too. */
  private void recover() {
    if (owned != null && !closed) {
      try {
        owned.getPool().clear();
      } catch (RuntimeException ignored) {
        // Clearing is a courtesy; a connection that is still bad fails (and is dropped) on use.
      }
    }
  }

  private static String loadScript() {
    try (InputStream in = RedisStore.class.getResourceAsStream("patch.lua")) {
      if (in == null) {
        throw new IllegalStateException("patch.lua is missing from the sessioncheck-redis jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1Hex(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}

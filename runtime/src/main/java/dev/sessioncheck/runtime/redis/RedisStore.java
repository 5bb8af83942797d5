package dev.sessioncheck.runtime.redis;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import dev.sessioncheck.runtime.json.SessionJson;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * A session store in Redis, sharing keys and values with Node's connect-redis: key {@code
 * <prefix><id>} (prefix {@code sess:} by default), value the JSON stored form, expiry as the key's
 * TTL. Speaks RESP over plain sockets; no client library.
 *
 * <ul>
 *   <li>CREATE is {@code SET key value NX PX ttl}: an existing key is {@link
 *       StoreError.Kind#CONFLICT}.
 *   <li>UPDATE and touch are optimistic transactions: {@code WATCH}, {@code GET}, merge the changed
 *       attributes, {@code MULTI}/{@code SET}/{@code EXEC}; a concurrent change aborts the {@code
 *       EXEC} and the merge is retried (up to {@value #MAX_ATTEMPTS} times, then CONFLICT). A
 *       missing key is {@link WriteStatus#NOT_FOUND} and is never re-created.
 *   <li>Network failures are {@link StoreError.Kind#UNAVAILABLE}, socket timeouts {@link
 *       StoreError.Kind#TIMEOUT}, error replies {@link StoreError.Kind#REJECTED}.
 * </ul>
 *
 * <p>Connections are pooled (idle ones kept up to {@link Builder#maxIdleConnections(int)}); a
 * connection that saw any failure is closed, never reused.
 */
public final class RedisStore
    implements SessionStore.Listable, SessionStore.Clearable, SessionStore.Counting, AutoCloseable {

  static final int MAX_ATTEMPTS = 16;

  private final String host;
  private final int port;
  private final String prefix;
  private final Duration timeout;
  private final Optional<String> password;
  private final int database;
  private final int maxIdle;
  private final Clock clock;
  private final ConcurrentLinkedQueue<Conn> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private RedisStore(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.prefix = b.prefix;
    this.timeout = b.timeout;
    this.password = Optional.ofNullable(b.password);
    this.database = b.database;
    this.maxIdle = b.maxIdle;
    this.clock = b.clock;
  }

  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  /** Options of a {@link RedisStore}. */
  public static final class Builder {
    private final String host;
    private final int port;
    private String prefix = "sess:";
    private Duration timeout = Duration.ofSeconds(2);
    private String password;
    private int database;
    private int maxIdle = 8;
    private Clock clock = Clock.systemUTC();

    private Builder(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1-65535, got " + port);
      }
      this.port = port;
    }

    /** Key prefix; {@code sess:} like connect-redis. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Connect and read timeout; at least 1 ms. */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.toMillis() < 1) {
        throw new IllegalArgumentException("timeout must be at least 1ms, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** {@code AUTH} password, if the server requires one. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** {@code SELECT} index; 0 by default. */
    public Builder database(int database) {
      if (database < 0) {
        throw new IllegalArgumentException("database must be >= 0, got " + database);
      }
      this.database = database;
      return this;
    }

    public Builder maxIdleConnections(int maxIdle) {
      if (maxIdle < 0) {
        throw new IllegalArgumentException("maxIdleConnections must be >= 0, got " + maxIdle);
      }
      this.maxIdle = maxIdle;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public RedisStore build() {
      return new RedisStore(this);
    }
  }

  // ---- SessionStore ----------------------------------------------------------------------------

  @Override
  public StoreResult<Optional<SessionRecord>> load(String id) {
    return run("load", c -> {
      Object reply = c.call("GET", key(id));
      if (reply == null) {
        return StoreResult.ok(Optional.empty());
      }
      StoreResult<SessionRecord> r = SessionJson.read(bytes(reply));
      if (r instanceof StoreResult.Failed<SessionRecord> f) {
        return StoreResult.failed(f.error());
      }
      return StoreResult.ok(Optional.of(r.orThrow()));
    });
  }

  @Override
  public StoreResult<WriteStatus> save(String id, SessionWrite write) {
    if (write.mode() == SessionWrite.Mode.CREATE) {
      return run("create", c -> {
        byte[] json = SessionJson.write(write.toRecord());
        Optional<Long> ttl = ttlMillis(write.expiresAt());
        if (ttl.isPresent() && ttl.get() <= 0) {
          return StoreResult.ok(WriteStatus.DONE); // already past its deadline: nothing to keep
        }
        Object reply = ttl.isPresent()
            ? c.call("SET", key(id), json, "NX", "PX", Long.toString(ttl.get()))
            : c.call("SET", key(id), json, "NX");
        return reply == null
            ? StoreResult.failed(StoreError.Kind.CONFLICT, "a session with this id already exists")
            : StoreResult.ok(WriteStatus.DONE);
      });
    }
    return modify(id, "update", write::applyTo, write.expiresAt());
  }

  @Override
  public StoreResult<WriteStatus> touch(String id, SessionTouch touch) {
    return modify(id, "touch", touch::applyTo, touch.expiresAt());
  }

  @Override
  public StoreResult<WriteStatus> destroy(String id) {
    return run("destroy", c -> {
      long n = (Long) c.call("DEL", key(id));
      return StoreResult.ok(n > 0 ? WriteStatus.DONE : WriteStatus.NOT_FOUND);
    });
  }

  @Override
  public StoreResult<List<String>> ids() {
    return run("list", c -> {
      List<String> out = new ArrayList<>();
      for (String k : scan(c)) {
        out.add(k.substring(prefix.length()));
      }
      return StoreResult.ok(List.copyOf(out));
    });
  }

  @Override
  public StoreResult<Long> clear() {
    return run("clear", c -> {
      long n = 0;
      for (String k : scan(c)) {
        n += (Long) c.call("DEL", k.getBytes(StandardCharsets.UTF_8));
      }
      return StoreResult.ok(n);
    });
  }

  @Override
  public StoreResult<Long> count() {
    return run("count", c -> StoreResult.ok((long) scan(c).size()));
  }

  /** Closes the pooled connections; afterwards every operation fails with UNAVAILABLE. */
  @Override
  public void close() {
    closed = true;
    Conn c;
    while ((c = idle.poll()) != null) {
      c.close();
    }
  }

  // ---- internals -------------------------------------------------------------------------------

  private StoreResult<WriteStatus> modify(
      String id, String what, UnaryOperator<SessionRecord> change, Optional<Instant> expiresAt) {
    return run(what, c -> {
      byte[] key = key(id);
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        c.call("WATCH", key);
        Object current = c.call("GET", key);
        if (current == null) {
          c.call("UNWATCH");
          return StoreResult.ok(WriteStatus.NOT_FOUND);
        }
        StoreResult<SessionRecord> old = SessionJson.read(bytes(current));
        if (old instanceof StoreResult.Failed<SessionRecord> f) {
          c.call("UNWATCH");
          return StoreResult.failed(f.error());
        }
        byte[] next = SessionJson.write(change.apply(old.orThrow()));
        Optional<Long> ttl = ttlMillis(expiresAt);
        c.call("MULTI");
        if (ttl.isPresent() && ttl.get() <= 0) {
          c.call("DEL", key);
        } else if (ttl.isPresent()) {
          c.call("SET", key, next, "PX", Long.toString(ttl.get()));
        } else {
          c.call("SET", key, next);
        }
        if (c.call("EXEC") != null) {
          return StoreResult.ok(WriteStatus.DONE);
        }
        // EXEC aborted: another client changed the key after our WATCH. Merge again.
      }
      return StoreResult.failed(StoreError.Kind.CONFLICT,
          "gave up merging after " + MAX_ATTEMPTS + " concurrent modifications");
    });
  }

  private List<String> scan(Conn c) throws IOException, RedisError {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    String pattern = globEscape(prefix) + "*";
    do {
      @SuppressWarnings("unchecked")
      List<Object> reply = (List<Object>) c.call("SCAN", cursor, "MATCH", pattern, "COUNT", "500");
      cursor = new String(bytes(reply.get(0)), StandardCharsets.UTF_8);
      @SuppressWarnings("unchecked")
      List<Object> batch = (List<Object>) reply.get(1);
      for (Object k : batch) {
        keys.add(new String(bytes(k), StandardCharsets.UTF_8));
      }
    } while (!cursor.equals("0"));
    return keys;
  }

  private static String globEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 4);
    for (char ch : s.toCharArray()) {
      if ("*?[]\\^-".indexOf(ch) >= 0) {
        sb.append('\\');
      }
      sb.append(ch);
    }
    return sb.toString();
  }

  private Optional<Long> ttlMillis(Optional<Instant> expiresAt) {
    return expiresAt.map(e -> e.toEpochMilli() - clock.millis());
  }

  private byte[] key(String id) {
    return (prefix + id).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Object reply) {
    return reply instanceof byte[] b ? b : String.valueOf(reply).getBytes(StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  private interface Op<T> {
    StoreResult<T> apply(Conn c) throws IOException, RedisError;
  }

  /** An error reply from Redis. */
  private static final class RedisError extends Exception {
    private static final long serialVersionUID = 1L;

    RedisError(String message) {
      super(message, null, false, false);
    }
  }

  private <T> StoreResult<T> run(String operation, Op<T> op) {
    if (closed) {
      return StoreResult.failed(StoreError.Kind.UNAVAILABLE, "the RedisStore is closed");
    }
    Conn c = idle.poll();
    boolean healthy = false;
    try {
      if (c == null) {
        c = connect();
      }
      StoreResult<T> r = op.apply(c);
      healthy = true;
      return r;
    } catch (SocketTimeoutException e) {
      return StoreResult.failed(new StoreError(StoreError.Kind.TIMEOUT,
          "Redis " + operation + " timed out after " + timeout.toMillis() + "ms", e));
    } catch (IOException e) {
      return StoreResult.failed(new StoreError(StoreError.Kind.UNAVAILABLE,
          "Redis " + operation + " failed: " + e.getMessage(), e));
    } catch (RedisError e) {
      return StoreResult.failed(new StoreError(StoreError.Kind.REJECTED,
          "Redis " + operation + " answered " + e.getMessage(), e));
    } catch (RuntimeException e) {
      // A reply of an unexpected shape (ClassCastException...): the stream cannot be trusted.
      return StoreResult.failed(new StoreError(StoreError.Kind.UNAVAILABLE,
          "Redis " + operation + " got an unexpected reply: " + e, e));
    } finally {
      // A connection that saw any failure may be mid-reply or mid-MULTI: never reuse it.
      if (healthy) {
        release(c);
      } else {
        discard(c);
      }
    }
  }

  private void release(Conn c) {
    if (!closed && idle.size() < maxIdle) {
      idle.offer(c);
    } else {
      c.close();
    }
  }

  private static void discard(Conn c) {
    if (c != null) {
      c.close();
    }
  }

  private Conn connect() throws IOException, RedisError {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      Conn c = new Conn(s);
      if (password.isPresent()) {
        c.call("AUTH", password.get());
      }
      if (database != 0) {
        c.call("SELECT", Integer.toString(database));
      }
      return c;
    } catch (IOException | RedisError | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** One connection; used by one thread at a time (it is taken out of the pool). */
  private static final class Conn {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    Object call(Object... args) throws IOException, RedisError {
      List<byte[]> encoded = new ArrayList<>(args.length);
      for (Object a : args) {
        encoded.add(a instanceof byte[] b ? b : a.toString().getBytes(StandardCharsets.UTF_8));
      }
      Resp.write(out, encoded);
      Object reply = Resp.read(in);
      if (reply instanceof Resp.ErrorReply e) {
        throw new RedisError(e.message());
      }
      return reply;
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a broken socket: nothing left to do
      }
    }
  }
}

package dev.sessioncheck.runtime;

import dev.sessioncheck.runtime.json.SessionJson;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default store: sessions in this JVM's memory, as their JSON stored form (the same
 * bytes a Node app would find in Redis), so values are copied on every load and never shared.
 *
 * <ul>
 *   <li><b>Thread-safe</b>: one lock guards the map; every operation, including the UPDATE merge
 *       of changed attributes, is atomic.
 *   <li><b>Expiry</b>: each record carries the deadline its last write or touch gave it ({@link
 *       SessionWrite#expiresAt()}). An expired record is never returned, and a background sweep
 *       (a daemon thread, every {@link Builder#sweepInterval(Duration)}) removes expired records
 *       even if nobody asks for them. {@link #close()} stops the sweep.
 *   <li><b>Bounds and eviction</b>: at most {@link Builder#maxEntries(long)} records and {@link
 *       Builder#maxBytes(long)} bytes. When a write goes over either bound, the <em>least
 *       recently accessed</em> other records (load, save and touch count as access) are evicted
 *       until both bounds hold again. A single record larger than {@code maxBytes} is refused
 *       ({@link StoreError.Kind#REJECTED}).
 *   <li><b>Accounting</b> is exact: {@link #byteCount()} is the sum, over the records held, of the
 *       UTF-8 length of the id plus the length of the stored JSON. JVM object overhead is not
 *       counted.
 * </ul>
 */
public final class MemoryStore
    implements SessionStore.Listable, SessionStore.Clearable, SessionStore.Counting, AutoCloseable {

  public static final long DEFAULT_MAX_ENTRIES = 100_000;
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

  private static final class Entry {
    final byte[] json;
    final Instant expiresAt;
    final long size;

    Entry(String id, byte[] json, Instant expiresAt) {
      this.json = json;
      this.expiresAt = expiresAt;
      this.size = id.getBytes(StandardCharsets.UTF_8).length + (long) json.length;
    }

    boolean expired(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }
  }

  /** Counters, as of one moment. */
  public record Stats(long entries, long bytes, long evictions, long expirations) {}

  private final Object lock = new Object();
  /** Access order: the head is the least recently accessed record. */
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final long maxEntries;
  private final long maxBytes;
  private final Clock clock;
  private final ScheduledExecutorService sweeper;
  private long bytes;
  private long evictions;
  private long expirations;
  private boolean closed;

  /** A store with the defaults: 100 000 entries, 64 MiB, a sweep every minute, the UTC clock. */
  public MemoryStore() {
    this(builder());
  }

  private MemoryStore(Builder b) {
    this.maxEntries = b.maxEntries;
    this.maxBytes = b.maxBytes;
    this.clock = b.clock;
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sessioncheck-memorystore-sweep");
      t.setDaemon(true);
      return t;
    });
    long period = b.sweepInterval.toMillis();
    // The task holds the store weakly, so a store that is dropped without close() can still be
    // collected; the task then cancels itself.
    WeakReference<MemoryStore> self = new WeakReference<>(this);
    ScheduledExecutorService exec = sweeper;
    exec.scheduleWithFixedDelay(() -> {
      MemoryStore store = self.get();
      if (store == null) {
        exec.shutdown();
      } else {
        store.sweep();
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link MemoryStore}. */
  public static final class Builder {
    private long maxEntries = DEFAULT_MAX_ENTRIES;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** At least 1. */
    public Builder maxEntries(long maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /** At least 1. */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** How often the background sweep runs; at least 1 ms. */
    public Builder sweepInterval(Duration sweepInterval) {
      if (sweepInterval == null || sweepInterval.toMillis() < 1) {
        throw new IllegalArgumentException("sweepInterval must be at least 1ms, got " + sweepInterval);
      }
      this.sweepInterval = sweepInterval;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public MemoryStore build() {
      return new MemoryStore(this);
    }
  }

  @Override
  public StoreResult<Optional<SessionRecord>> load(String id) {
    byte[] json;
    synchronized (lock) {
      if (closed) {
        return closedError();
      }
      Entry e = live(id);
      if (e == null) {
        return StoreResult.ok(Optional.empty());
      }
      json = e.json;
    }
    StoreResult<SessionRecord> r = SessionJson.read(json);
    if (r instanceof StoreResult.Failed<SessionRecord> f) {
      return StoreResult.failed(f.error());
    }
    return StoreResult.ok(Optional.of(r.orThrow()));
  }

  @Override
  public StoreResult<WriteStatus> save(String id, SessionWrite write) {
    synchronized (lock) {
      if (closed) {
        return closedError();
      }
      Entry existing = live(id);
      SessionRecord record;
      if (write.mode() == SessionWrite.Mode.CREATE) {
        if (existing != null) {
          return StoreResult.failed(StoreError.Kind.CONFLICT, "a session with this id already exists");
        }
        record = write.toRecord();
      } else {
        if (existing == null) {
          return StoreResult.ok(WriteStatus.NOT_FOUND);
        }
        StoreResult<SessionRecord> old = SessionJson.read(existing.json);
        if (old instanceof StoreResult.Failed<SessionRecord> f) {
          return StoreResult.failed(f.error());
        }
        record = write.applyTo(old.orThrow());
      }
      return put(id, SessionJson.write(record), write.expiresAt());
    }
  }

  @Override
  public StoreResult<WriteStatus> touch(String id, SessionTouch touch) {
    synchronized (lock) {
      if (closed) {
        return closedError();
      }
      Entry existing = live(id);
      if (existing == null) {
        return StoreResult.ok(WriteStatus.NOT_FOUND);
      }
      StoreResult<SessionRecord> old = SessionJson.read(existing.json);
      if (old instanceof StoreResult.Failed<SessionRecord> f) {
        return StoreResult.failed(f.error());
      }
      return put(id, SessionJson.write(touch.applyTo(old.orThrow())), touch.expiresAt());
    }
  }

  @Override
  public StoreResult<WriteStatus> destroy(String id) {
    synchronized (lock) {
      if (closed) {
        return closedError();
      }
      Entry e = entries.remove(id);
      if (e == null) {
        return StoreResult.ok(WriteStatus.NOT_FOUND);
      }
      bytes -= e.size;
      return StoreResult.ok(e.expired(clock.instant()) ? WriteStatus.NOT_FOUND : WriteStatus.DONE);
    }
  }

  /**
   * Stores a record given as JSON text, as written by this library or by express-session (for
   * imports, and for tests of corrupt data: it is stored as given, and decoded when loaded).
   */
  public StoreResult<WriteStatus> putJson(String id, String json, Optional<Instant> expiresAt) {
    synchronized (lock) {
      if (closed) {
        return closedError();
      }
      return put(id, json.getBytes(StandardCharsets.UTF_8), expiresAt);
    }
  }

  @Override
  public StoreResult<List<String>> ids() {
    synchronized (lock) {
      if (closed) {
        return closedError();
      }
      Instant now = clock.instant();
      List<String> out = new ArrayList<>(entries.size());
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        if (!e.getValue().expired(now)) {
          out.add(e.getKey());
        }
      }
      return StoreResult.ok(List.copyOf(out));
    }
  }

  @Override
  public StoreResult<Long> clear() {
    synchronized (lock) {
      if (closed) {
        return closedError();
      }
      long n = entries.size();
      entries.clear();
      bytes = 0;
      return StoreResult.ok(n);
    }
  }

  /** The number of records held, expired ones not yet swept included (see {@link #sweep()}). */
  @Override
  public StoreResult<Long> count() {
    synchronized (lock) {
      if (closed) {
        return closedError();
      }
      return StoreResult.ok((long) entries.size());
    }
  }

  /** Records held now (including expired ones the sweep has not removed yet). */
  public long entryCount() {
    synchronized (lock) {
      return entries.size();
    }
  }

  /** Exact bytes held: UTF-8 length of every id plus the length of its stored JSON. */
  public long byteCount() {
    synchronized (lock) {
      return bytes;
    }
  }

  public Stats stats() {
    synchronized (lock) {
      return new Stats(entries.size(), bytes, evictions, expirations);
    }
  }

  /** Removes every expired record now (the background sweep calls this); answers how many. */
  public int sweep() {
    synchronized (lock) {
      Instant now = clock.instant();
      int removed = 0;
      for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.expired(now)) {
          it.remove();
          bytes -= e.size;
          removed++;
        }
      }
      expirations += removed;
      return removed;
    }
  }

  /** Stops the background sweep; afterwards every operation fails with UNAVAILABLE. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      entries.clear();
      bytes = 0;
    }
    sweeper.shutdownNow();
  }

  // ---- under the lock --------------------------------------------------------------------------

  /** The entry if present and not expired; an expired one is removed on the way. */
  private Entry live(String id) {
    Entry e = entries.get(id);
    if (e != null && e.expired(clock.instant())) {
      entries.remove(id);
      bytes -= e.size;
      expirations++;
      return null;
    }
    return e;
  }

  private StoreResult<WriteStatus> put(String id, byte[] json, Optional<Instant> expiresAt) {
    Entry next = new Entry(id, json, expiresAt.orElse(null));
    if (next.size > maxBytes) {
      return StoreResult.failed(StoreError.Kind.REJECTED, "session record of " + next.size
          + " bytes exceeds the store's maxBytes of " + maxBytes);
    }
    Entry previous = entries.put(id, next);
    if (previous != null) {
      bytes -= previous.size;
    }
    bytes += next.size;
    Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
    while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
      Map.Entry<String, Entry> victim = eldest.next();
      if (victim.getKey().equals(id)) {
        continue;
      }
      eldest.remove();
      bytes -= victim.getValue().size;
      evictions++;
    }
    return StoreResult.ok(WriteStatus.DONE);
  }

  private static <T> StoreResult<T> closedError() {
    return StoreResult.failed(StoreError.Kind.UNAVAILABLE, "the MemoryStore is closed");
  }
}

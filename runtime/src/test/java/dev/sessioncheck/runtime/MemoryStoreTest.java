package dev.sessioncheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.json.SessionJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
  private final MutableClock clock = new MutableClock();
  private MemoryStore store = MemoryStore.builder().clock(clock).build();

  @AfterEach
  void close() {
    store.close();
  }

  private static final StoredCookie COOKIE = new StoredCookie(Optional.empty(), Optional.empty(),
      Optional.empty(), true, Optional.empty(), "/", Optional.of("lax"), false, Optional.empty());

  private SessionWrite create(Map<String, Object> attrs, Optional<Instant> expiresAt) {
    return new SessionWrite(SessionWrite.Mode.CREATE, COOKIE, clock.instant(), clock.instant(),
        attrs, Set.of(), expiresAt);
  }

  private SessionWrite update(Map<String, Object> set, Set<String> removed) {
    return new SessionWrite(SessionWrite.Mode.UPDATE, COOKIE, clock.instant(), clock.instant(),
        set, removed, Optional.empty());
  }

  private long sizeOf(String id, SessionWrite w) {
    return id.getBytes(StandardCharsets.UTF_8).length + SessionJson.write(w.toRecord()).length;
  }

  private Map<String, Object> attributesOf(String id) {
    return store.load(id).orThrow().orElseThrow().attributes();
  }

  @Test
  void accountingIsExact() {
    SessionWrite a = create(Map.of("user", "alice"), Optional.empty());
    SessionWrite b = create(Map.of("cart", List.of(1, 2, 3), "é", "ü"), Optional.empty());
    assertEquals(WriteStatus.DONE, store.save("a", a).orThrow());
    assertEquals(WriteStatus.DONE, store.save("bé", b).orThrow());
    long expected = sizeOf("a", a) + sizeOf("bé", b);
    assertEquals(expected, store.byteCount());
    assertEquals(2, store.entryCount());
    assertEquals(new MemoryStore.Stats(2, expected, 0, 0), store.stats());

    assertEquals(WriteStatus.DONE, store.save("a", update(Map.of("user", "bob"), Set.of())).orThrow());
    SessionWrite aNow = create(Map.of("user", "bob"), Optional.empty());
    assertEquals(sizeOf("a", aNow) + sizeOf("bé", b), store.byteCount());

    assertEquals(WriteStatus.DONE, store.destroy("bé").orThrow());
    assertEquals(sizeOf("a", aNow), store.byteCount());
    assertEquals(1L, store.clear().orThrow());
    assertEquals(0, store.byteCount());
    assertEquals(0L, store.count().orThrow());
  }

  @Test
  void evictsLeastRecentlyAccessedWhenOverMaxEntries() {
    store.close();
    store = MemoryStore.builder().clock(clock).maxEntries(3).build();
    for (String id : List.of("a", "b", "c")) {
      assertTrue(store.save(id, create(Map.of(), Optional.empty())).ok());
    }
    assertTrue(store.load("a").orThrow().isPresent()); // a is now the most recent
    assertTrue(store.save("d", create(Map.of(), Optional.empty())).ok());
    assertEquals(List.of("c", "a", "d"), store.ids().orThrow());
    assertEquals(1, store.stats().evictions());
    assertEquals(Optional.empty(), store.load("b").orThrow());
  }

  @Test
  void evictsUntilUnderMaxBytesAndRejectsOversizedRecords() {
    SessionWrite w = create(Map.of("pad", "x".repeat(100)), Optional.empty());
    long one = sizeOf("k1", w);
    store.close();
    store = MemoryStore.builder().clock(clock).maxBytes(one * 3).build();
    for (String id : List.of("k1", "k2", "k3")) {
      assertTrue(store.save(id, w).ok());
    }
    assertEquals(one * 3, store.byteCount());
    SessionWrite big = create(Map.of("pad", "x".repeat(100 + (int) one)), Optional.empty());
    assertTrue(store.save("k4", big).ok());
    assertEquals(List.of("k3", "k4"), store.ids().orThrow(), "k1 and k2 made room");
    assertEquals(one + sizeOf("k4", big), store.byteCount());
    assertEquals(2, store.stats().evictions());

    SessionWrite huge = create(Map.of("pad", "x".repeat((int) one * 3)), Optional.empty());
    StoreResult<WriteStatus> r = store.save("k5", huge);
    assertEquals(StoreError.Kind.REJECTED, r.failure().orElseThrow().kind());
    assertEquals(List.of("k3", "k4"), store.ids().orThrow());
  }

  @Test
  void createNeverOverwritesAndUpdateNeverCreates() {
    assertTrue(store.save("a", create(Map.of("x", 1), Optional.empty())).ok());
    assertEquals(StoreError.Kind.CONFLICT,
        store.save("a", create(Map.of(), Optional.empty())).failure().orElseThrow().kind());
    assertEquals(WriteStatus.NOT_FOUND, store.save("gone", update(Map.of("x", 1), Set.of())).orThrow());
    assertEquals(WriteStatus.NOT_FOUND, store.touch("gone",
        new SessionTouch(COOKIE, clock.instant(), Optional.empty())).orThrow());
    assertEquals(WriteStatus.NOT_FOUND, store.destroy("gone").orThrow());
    assertEquals(List.of("a"), store.ids().orThrow());
  }

  @Test
  void updateMergesOnlyTheChangedAttributes() {
    Map<String, Object> initial = new LinkedHashMap<>();
    initial.put("a", 1);
    initial.put("b", 2);
    assertTrue(store.save("s", create(initial, Optional.empty())).ok());
    assertTrue(store.save("s", update(Map.of("b", 3, "c", 4), Set.of("a"))).ok());
    assertEquals(Map.of("b", 3, "c", 4), attributesOf("s"));
  }

  @Test
  void expiredRecordsAreNeverReturned() {
    assertTrue(store.save("s", create(Map.of(), Optional.of(clock.instant().plusSeconds(60)))).ok());
    clock.advance(Duration.ofSeconds(59));
    assertTrue(store.load("s").orThrow().isPresent());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Optional.empty(), store.load("s").orThrow());
    assertEquals(0, store.entryCount());
    assertEquals(0, store.byteCount());
    assertEquals(1, store.stats().expirations());
  }

  @Test
  void touchExtendsTheDeadline() {
    assertTrue(store.save("s", create(Map.of(), Optional.of(clock.instant().plusSeconds(60)))).ok());
    clock.advance(Duration.ofSeconds(50));
    assertEquals(WriteStatus.DONE, store.touch("s",
        new SessionTouch(COOKIE, clock.instant(), Optional.of(clock.instant().plusSeconds(60))))
        .orThrow());
    clock.advance(Duration.ofSeconds(50));
    assertEquals(clock.instant().minusSeconds(50),
        store.load("s").orThrow().orElseThrow().lastAccess().orElseThrow());
  }

  @Test
  void sweepRemovesExpiredRecordsWithoutReads() {
    assertTrue(store.save("old", create(Map.of(), Optional.of(clock.instant().plusSeconds(10)))).ok());
    assertTrue(store.save("new", create(Map.of(), Optional.of(clock.instant().plusSeconds(100)))).ok());
    assertTrue(store.save("forever", create(Map.of(), Optional.empty())).ok());
    clock.advance(Duration.ofSeconds(20));
    assertEquals(1, store.sweep());
    assertEquals(2, store.entryCount());
    assertEquals(sizeOf("new", create(Map.of(), Optional.empty()))
        + sizeOf("forever", create(Map.of(), Optional.empty())), store.byteCount());
  }

  @Test
  void backgroundSweepRuns() throws InterruptedException {
    store.close();
    store = MemoryStore.builder().clock(clock).sweepInterval(Duration.ofMillis(5)).build();
    assertTrue(store.save("s", create(Map.of(), Optional.of(clock.instant().plusSeconds(1)))).ok());
    Thread.sleep(50);
    assertEquals(1, store.entryCount(), "not expired yet on the fake clock");
    clock.advance(Duration.ofSeconds(2));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (store.entryCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, store.entryCount());
    assertEquals(1, store.stats().expirations());
  }

  @Test
  void backgroundSweepExpiresIdleSessionsOfTheManager() throws InterruptedException {
    MemoryStore memory = MemoryStore.builder().clock(clock).sweepInterval(Duration.ofMillis(5)).build();
    try (SessionManager m = new SessionManager(SessionConfig.builder("s").clock(clock).store(memory)
        .idleTimeout(Duration.ofMinutes(10)).absoluteTimeout(Duration.ofHours(1)).build())) {
      Session s = assertInstanceOf(LoadResult.Loaded.class, m.load(RequestInfo.ofCookies())).session();
      s.set("user", "alice");
      assertInstanceOf(CommitResult.Committed.class, m.commit(s, RequestInfo.ofCookies()));
      assertEquals(1, memory.entryCount());
      clock.advance(Duration.ofMinutes(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (memory.entryCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(0, memory.entryCount());
    } finally {
      memory.close();
    }
  }

  @Test
  void corruptRecordsFailAsCorrupt() {
    assertTrue(store.putJson("bad", "[1,2]", Optional.empty()).ok());
    assertEquals(StoreError.Kind.CORRUPT, store.load("bad").failure().orElseThrow().kind());
    assertEquals(StoreError.Kind.CORRUPT,
        store.save("bad", update(Map.of("a", 1), Set.of())).failure().orElseThrow().kind());
    assertEquals(StoreError.Kind.CORRUPT, store.touch("bad",
        new SessionTouch(COOKIE, clock.instant(), Optional.empty())).failure().orElseThrow().kind());
    assertEquals(WriteStatus.DONE, store.destroy("bad").orThrow());
  }

  @Test
  void closedStoreIsUnavailable() {
    assertTrue(store.save("a", create(Map.of(), Optional.empty())).ok());
    store.close();
    assertEquals(StoreError.Kind.UNAVAILABLE, store.load("a").failure().orElseThrow().kind());
    assertEquals(StoreError.Kind.UNAVAILABLE,
        store.save("b", create(Map.of(), Optional.empty())).failure().orElseThrow().kind());
    assertEquals(StoreError.Kind.UNAVAILABLE, store.destroy("a").failure().orElseThrow().kind());
    assertEquals(StoreError.Kind.UNAVAILABLE, store.ids().failure().orElseThrow().kind());
    assertEquals(StoreError.Kind.UNAVAILABLE, store.count().failure().orElseThrow().kind());
    assertFalse(store.clear().ok());
  }

  @Test
  void capabilitiesAreSeparateInterfaces() {
    SessionStore s = store;
    assertInstanceOf(SessionStore.Listable.class, s);
    assertInstanceOf(SessionStore.Clearable.class, s);
    assertInstanceOf(SessionStore.Counting.class, s);
  }
}

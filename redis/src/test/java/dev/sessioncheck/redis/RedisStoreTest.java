package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.StoredCookie;
import dev.sessioncheck.runtime.WriteStatus;
import dev.sessioncheck.runtime.json.SessionJson;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store's behaviour and its stored form, against the real Redis. */
class RedisStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LiveRedis redis;
  private static RedisStore store;

  @BeforeAll
  static void open() {
    redis = LiveRedis.connectOrSkip();
    store = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix).build();
  }

  @AfterAll
  static void closeAll() {
    if (store != null) {
      store.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  static StoredCookie cookie(Instant expires) {
    return new StoredCookie(Optional.of(3_600_000L), Optional.of(expires), Optional.of(false), true,
        Optional.empty(), "/", Optional.of("lax"), false, Optional.empty());
  }

  static SessionWrite create(Map<String, Object> attributes, Instant expiresAt) {
    Instant now = now();
    return new SessionWrite(SessionWrite.Mode.CREATE, cookie(expiresAt), now, now, attributes,
        Set.of(), Optional.of(expiresAt));
  }

  static SessionWrite update(Map<String, Object> set, Set<String> removed, Instant created,
      Instant expiresAt) {
    return new SessionWrite(SessionWrite.Mode.UPDATE, cookie(expiresAt), created, now(), set,
        removed, Optional.of(expiresAt));
  }

  static String id(String name) {
    return name + "-" + System.nanoTime();
  }

  static SessionRecord loaded(String id) {
    StoreResult<Optional<SessionRecord>> r = store.load(id);
    assertTrue(r.ok(), () -> "load failed: " + r);
    return r.orThrow().orElseThrow(() -> new AssertionError("no record for " + id));
  }

  static StoreError.Kind failure(StoreResult<?> r) {
    return r.failure().map(StoreError::kind).orElse(null);
  }

  @Test
  void roundTrip() {
    String id = id("rt");
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("user", "alice");
    attrs.put("cart", List.of(1, 2, 3));
    attrs.put("prefs", Map.of("dark", true));
    Instant exp = now().plus(Duration.ofHours(1));
    SessionWrite w = create(attrs, exp);
    assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id, w));
    assertEquals(w.toRecord(), loaded(id));
    assertEquals(StoreResult.ok(Optional.empty()), store.load(id("absent")));
  }

  @Test
  void createOfAnExistingIdIsAConflictAndKeepsTheRecord() {
    String id = id("dup");
    Instant exp = now().plusSeconds(600);
    assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id, create(Map.of("a", 1), exp)));
    assertEquals(StoreError.Kind.CONFLICT, failure(store.save(id, create(Map.of("b", 2), exp))));
    assertEquals(Map.of("a", 1), loaded(id).attributes());
  }

  @Test
  void rawKeyHoldsExpressJsonWithTtlFromTheDeadline() throws Exception {
    String id = id("raw");
    Instant exp = now().plus(Duration.ofHours(1));
    assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id, create(Map.of("user", "bob"), exp)));
    String key = redis.prefix + id;
    assertEquals(key, store.key(id));
    String raw = redis.admin.get(key);
    JsonNode root = JSON.readTree(raw);
    JsonNode c = root.get("cookie");
    assertEquals(SessionJson.date(exp), c.get("expires").textValue());
    assertEquals(3_600_000L, c.get("originalMaxAge").longValue());
    assertTrue(c.get("httpOnly").booleanValue());
    assertEquals("/", c.get("path").textValue());
    assertEquals("lax", c.get("sameSite").textValue());
    assertEquals("bob", root.get("user").textValue());
    assertTrue(root.get(SessionJson.META_KEY).has("created"));
    assertEquals(SessionJson.writeString(create(Map.of("user", "bob"), exp).toRecord())
        .replaceAll("\"created\":\"[^\"]*\",\"lastAccess\":\"[^\"]*\"", ""),
        raw.replaceAll("\"created\":\"[^\"]*\",\"lastAccess\":\"[^\"]*\"", ""));
    long ttl = redis.admin.ttl(key);
    assertTrue(ttl >= 3598 && ttl <= 3600, "TTL " + ttl);
  }

  @Test
  void noDeadlineGetsConnectRedisDefaultTtlOfOneDay() {
    String id = id("nottl");
    Instant now = now();
    SessionWrite w = new SessionWrite(SessionWrite.Mode.CREATE,
        new StoredCookie(Optional.empty(), Optional.empty(), Optional.empty(), true,
            Optional.empty(), "/", Optional.empty(), false, Optional.empty()),
        now, now, Map.of("x", 1), Set.of(), Optional.empty());
    assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id, w));
    long ttl = redis.admin.ttl(redis.prefix + id);
    assertTrue(ttl >= 86_398 && ttl <= 86_400, "TTL " + ttl);
    assertTrue(redis.admin.get(redis.prefix + id).startsWith(
        "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}"));
  }

  @Test
  void recordWrittenByNodeLoadsAndUpdatesKeepItsBytes() {
    String id = id("node");
    String key = redis.prefix + id;
    // What express-session + connect-redis write (JSON.stringify of req.session), by hand.
    String node = "{\"cookie\":{\"originalMaxAge\":86400000,\"expires\":\"2099-01-01T00:00:00.000Z\","
        + "\"secure\":false,\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},"
        + "\"user\":\"carol\",\"views\":1e3,\"big\":12345678901234567890,\"tags\":[],"
        + "\"caf\\u00e9\":\"cr\\u00e8me\"}";
    redis.admin.setex(key, 600, node);
    SessionRecord r = loaded(id);
    assertEquals(Optional.empty(), r.created());
    assertEquals(Optional.of(Instant.parse("2099-01-01T00:00:00Z")), r.cookie().expires());
    assertEquals("carol", r.attributes().get("user"));
    assertEquals("crème", r.attributes().get("café"));
    assertEquals(List.of(), r.attributes().get("tags"));

    Instant created = now();
    Instant exp = now().plusSeconds(900);
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("user", "dave");
    set.put("café", "noir");
    set.put("added", true);
    assertEquals(StoreResult.ok(WriteStatus.DONE),
        store.save(id, update(set, Set.of("tags"), created, exp)));
    String meta = StoredForm.meta(cookie(exp), created, created);
    String after = redis.admin.get(key);
    // The untouched attributes keep Node's spelling (1e3, a 20-digit integer); changed ones are
    // replaced in place, the new one is appended, the removed one is gone.
    String expectedTail = ",\"user\":\"dave\",\"views\":1e3,\"big\":12345678901234567890,"
        + "\"café\":\"noir\",\"added\":true}";
    assertTrue(after.startsWith("{\"cookie\":" + StoredForm.cookie(cookie(exp))
        + ",\"" + SessionJson.META_KEY + "\":{\"created\":"), after);
    assertTrue(after.endsWith(expectedTail), after);
    assertEquals(expectedTail.length(), after.length() - after.indexOf(",\"user\""));
    assertTrue(meta.startsWith("{\"created\":\"" + SessionJson.date(created)), meta);
    long ttl = redis.admin.ttl(key);
    assertTrue(ttl >= 898 && ttl <= 900, "TTL " + ttl);
  }

  @Test
  void touchRenewsCookieLastAccessAndTtlButNotTheAttributes() throws Exception {
    String id = id("touch");
    String key = redis.prefix + id;
    Instant exp = now().plusSeconds(60);
    SessionWrite w = create(Map.of("user", "erin", "n", 7), exp);
    assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id, w));
    String before = redis.admin.get(key);
    String attributesBefore = before.substring(before.indexOf(",\"user\""));

    Instant later = now().plusSeconds(5);
    Instant exp2 = now().plusSeconds(7200);
    assertEquals(StoreResult.ok(WriteStatus.DONE),
        store.touch(id, new SessionTouch(cookie(exp2), later, Optional.of(exp2))));
    String after = redis.admin.get(key);
    assertEquals(attributesBefore, after.substring(after.indexOf(",\"user\"")));
    JsonNode root = JSON.readTree(after);
    assertEquals(SessionJson.date(exp2), root.get("cookie").get("expires").textValue());
    assertEquals(SessionJson.date(w.created()),
        root.get(SessionJson.META_KEY).get("created").textValue());
    assertEquals(SessionJson.date(later),
        root.get(SessionJson.META_KEY).get("lastAccess").textValue());
    long ttl = redis.admin.ttl(key);
    assertTrue(ttl >= 7198 && ttl <= 7200, "TTL " + ttl);
    SessionRecord r = loaded(id);
    assertEquals(w.attributes(), r.attributes());
    assertEquals(Optional.of(later), r.lastAccess());

    assertEquals(StoreResult.ok(WriteStatus.NOT_FOUND),
        store.touch(id("gone"), new SessionTouch(cookie(exp2), later, Optional.of(exp2))));
  }

  @Test
  void touchOfANodeRecordAddsOnlyLastAccess() {
    String id = id("nodetouch");
    String key = redis.prefix + id;
    redis.admin.setex(key, 600, "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,"
        + "\"httpOnly\":true,\"path\":\"/\"},\"user\":\"fay\"}");
    Instant at = now();
    Instant exp = at.plusSeconds(300);
    assertEquals(StoreResult.ok(WriteStatus.DONE),
        store.touch(id, new SessionTouch(cookie(exp), at, Optional.of(exp))));
    assertEquals("{\"cookie\":" + StoredForm.cookie(cookie(exp)) + ",\"" + SessionJson.META_KEY
        + "\":{\"lastAccess\":\"" + SessionJson.date(at) + "\"},\"user\":\"fay\"}",
        redis.admin.get(key));
    SessionRecord r = loaded(id);
    assertEquals(Optional.empty(), r.created());
  }

  @Test
  void concurrentUpdatesOfOneSessionLoseNoAttribute() throws Exception {
    String id = id("conc");
    Instant created = now();
    Instant exp = created.plusSeconds(600);
    assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id, create(Map.of("base", 0), exp)));
    int threads = 8;
    int perThread = 25;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          List<String> bad = new ArrayList<>();
          for (int k = 0; k < perThread; k++) {
            StoreResult<WriteStatus> r = store.save(id,
                update(Map.of("t" + thread + "-" + k, k), Set.of(), created, exp));
            if (!r.equals(StoreResult.ok(WriteStatus.DONE))) {
              bad.add(r.toString());
            }
          }
          return bad;
        }));
      }
      for (Future<List<String>> f : futures) {
        assertEquals(List.of(), f.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    Set<String> names = new TreeSet<>(loaded(id).attributes().keySet());
    assertEquals(threads * perThread + 1, names.size());
    for (int t = 0; t < threads; t++) {
      for (int k = 0; k < perThread; k++) {
        assertTrue(names.contains("t" + t + "-" + k), "lost t" + t + "-" + k);
      }
    }
  }

  @Test
  void updateAndTouchAfterDestroyAreNotFoundAndDoNotResurrect() {
    String id = id("destroyed");
    String key = redis.prefix + id;
    Instant created = now();
    Instant exp = created.plusSeconds(600);
    assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id, create(Map.of("a", 1), exp)));
    assertEquals(StoreResult.ok(WriteStatus.DONE), store.destroy(id));
    assertEquals(StoreResult.ok(WriteStatus.NOT_FOUND),
        store.save(id, update(Map.of("b", 2), Set.of(), created, exp)));
    assertEquals(StoreResult.ok(WriteStatus.NOT_FOUND),
        store.touch(id, new SessionTouch(cookie(exp), now(), Optional.of(exp))));
    assertFalse(redis.admin.exists(key));
    assertEquals(StoreResult.ok(WriteStatus.NOT_FOUND), store.destroy(id));
    assertEquals(StoreResult.ok(Optional.empty()), store.load(id));
  }

  @Test
  void aWriteWhoseDeadlineHasPassedDeletesTheKeyAsConnectRedisDoes() {
    String id = id("late");
    Instant created = now();
    assertEquals(StoreResult.ok(WriteStatus.DONE),
        store.save(id, create(Map.of("a", 1), created.plusSeconds(600))));
    assertEquals(StoreResult.ok(WriteStatus.DONE),
        store.save(id, update(Map.of("b", 2), Set.of(), created, created.minusSeconds(1))));
    assertFalse(redis.admin.exists(redis.prefix + id));
  }

  @Test
  void corruptRecordsAreCorruptOnLoadUpdateAndTouch() {
    Instant exp = now().plusSeconds(600);
    String[] bad = {
      "not json {", "[1,2]", "{\"user\":\"no cookie\"}", "{\"cookie\":3}",
      "{\"cookie\":{},\"a\":1,\"a\":2}"
    };
    for (String raw : bad) {
      String id = id("corrupt");
      redis.admin.setex(redis.prefix + id, 600, raw);
      assertEquals(StoreError.Kind.CORRUPT, failure(store.load(id)), raw);
      assertEquals(StoreError.Kind.CORRUPT,
          failure(store.save(id, update(Map.of("x", 1), Set.of(), now(), exp))), raw);
      assertEquals(StoreError.Kind.CORRUPT,
          failure(store.touch(id, new SessionTouch(cookie(exp), now(), Optional.of(exp)))), raw);
      assertEquals(raw, redis.admin.get(redis.prefix + id), "a failed write leaves the value");
    }
  }

  @Test
  void listCountAndClearSeeOnlyThisPrefix() {
    RedisStore other = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix + "list[*]:").build();
    try {
      Instant exp = now().plusSeconds(600);
      assertEquals(StoreResult.ok(WriteStatus.DONE), other.save("one", create(Map.of(), exp)));
      assertEquals(StoreResult.ok(WriteStatus.DONE), other.save("two", create(Map.of(), exp)));
      // a key that the glob would match if the prefix's [*] were not escaped
      redis.admin.setex(redis.prefix + "listX:three", 600, "{}");
      assertEquals(StoreResult.ok(2L), other.count());
      assertEquals(Set.of("one", "two"), Set.copyOf(other.ids().orThrow()));
      assertEquals(StoreResult.ok(2L), other.clear());
      assertEquals(StoreResult.ok(0L), other.count());
      assertTrue(redis.admin.exists(redis.prefix + "listX:three"));
    } finally {
      other.close();
    }
  }

  @Test
  void closedStoreAnswersUnavailable() {
    RedisStore s = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix).build();
    s.close();
    assertEquals(StoreError.Kind.UNAVAILABLE, failure(s.load("x")));
    assertEquals(StoreError.Kind.UNAVAILABLE, failure(s.destroy("x")));
    assertEquals(StoreError.Kind.UNAVAILABLE, failure(s.count()));
  }
}

package dev.sessioncheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("sessioncheck") // tests misuse the API on purpose to check the run-time backstop
class SessionTest {
  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  // ---- attributes ------------------------------------------------------------------------------

  @Test
  void acceptsEveryJsonCompatibleValue() {
    Session s = f.load(null);
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("n", null);
    nested.put("list", Arrays.asList(1, 2L, 3.5, "x", true, null, new BigDecimal("1.25"),
        BigInteger.TEN, (short) 3, (byte) 4, 1.5f));
    s.set("s", "text");
    s.set("b", false);
    s.set("i", 42);
    s.set("nul", null);
    s.set("map", nested);
    assertEquals("text", s.get("s"));
    String typed = s.get("s");
    assertEquals("text", typed);
    assertEquals(Optional.of(42), s.get("i", Integer.class));
    assertEquals(Optional.empty(), s.get("nul", String.class));
    assertEquals(Optional.empty(), s.get("absent", String.class));
    assertTrue(s.has("nul"));
    assertFalse(s.has("absent"));
    assertNull(s.get("absent"));
    assertEquals(nested, s.get("map"));
    assertEquals(List.of("s", "b", "i", "nul", "map"), new ArrayList<>(s.attributeNames()));
    ClassCastException cce = assertThrows(ClassCastException.class, () -> s.get("i", String.class));
    assertEquals("session attribute 'i' is a java.lang.Integer, not a java.lang.String", cce.getMessage());
  }

  @Test
  void storesDeepUnmodifiableCopies() {
    Session s = f.load(null);
    List<Object> cart = new ArrayList<>(List.of("apple"));
    s.set("cart", cart);
    cart.add("pear");
    assertEquals(List.of("apple"), s.get("cart"));
    List<Object> stored = s.get("cart");
    assertThrows(UnsupportedOperationException.class, () -> stored.add("x"));
    s.remove("cart");
    assertFalse(s.has("cart"));
    assertEquals(Map.of(), s.attributes());
  }

  @Test
  void rejectsNonJsonValuesNamingKeyPlaceAndType() {
    Session s = f.load(null);
    assertRejected(s, "when", Instant.EPOCH,
        "session attribute 'when' has type java.time.Instant, which is not JSON-compatible");
    assertRejected(s, "counter", new AtomicInteger(),
        "session attribute 'counter' has type java.util.concurrent.atomic.AtomicInteger");
    assertRejected(s, "cart", List.of("a", Map.of("price", Duration.ZERO)),
        "session attribute 'cart' at [1].price has type java.time.Duration");
    assertRejected(s, "score", Double.NaN, "session attribute 'score' is NaN");
    assertRejected(s, "inf", List.of(Float.POSITIVE_INFINITY), "session attribute 'inf' at [0] is Infinity");
    Map<Object, Object> intKeys = new HashMap<>();
    intKeys.put(1, "one");
    assertRejected(s, "m", intKeys,
        "session attribute 'm' is a map with a key of type java.lang.Integer");
    assertRejected(s, "set", Set.of("a"), "session attribute 'set' has type java.util.");
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    assertRejected(s, "loop", cyclic, "session attribute 'loop' is nested deeper than 64 levels");
    assertRejected(s, "arr", new int[] {1}, "session attribute 'arr' has type [I");
    assertEquals(Set.of(), s.attributeNames());
  }

  @Test
  void rejectsReservedAndEmptyNames() {
    Session s = f.load(null);
    for (String name : List.of("cookie", "__sessioncheck", "id", "destroy")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> s.set(name, 1));
      assertTrue(e.getMessage().startsWith("session attribute name '" + name + "' is reserved"),
          e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> s.set("", 1));
    assertThrows(NullPointerException.class, () -> s.set(null, 1));
  }

  private static void assertRejected(Session s, String key, Object value, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.set(key, value));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  // ---- terminal operations at run time ---------------------------------------------------------

  @Test
  void everyUseAfterDestroyThrowsExceptId() {
    Session s = f.load(f.login());
    String id = s.id();
    assertTrue(s.destroy().ok());
    assertEquals(id, s.id());
    assertTrue(s.toString().contains("ended by destroy()"), s.toString());
    assertEnded(s, id, "destroy()", Session::isNew, "isNew()");
    assertEnded(s, id, "destroy()", x -> x.get("user"), "get()");
    assertEnded(s, id, "destroy()", x -> x.get("user", String.class), "get()");
    assertEnded(s, id, "destroy()", x -> x.set("a", 1), "set()");
    assertEnded(s, id, "destroy()", x -> x.remove("a"), "remove()");
    assertEnded(s, id, "destroy()", x -> x.has("a"), "has()");
    assertEnded(s, id, "destroy()", Session::attributeNames, "attributeNames()");
    assertEnded(s, id, "destroy()", Session::attributes, "attributes()");
    assertEnded(s, id, "destroy()", Session::cookie, "cookie()");
    assertEnded(s, id, "destroy()", Session::touch, "touch()");
    assertEnded(s, id, "destroy()", Session::createdAt, "createdAt()");
    assertEnded(s, id, "destroy()", Session::lastAccessedAt, "lastAccessedAt()");
    assertEnded(s, id, "destroy()", x -> x.setCookieMaxAge(null), "setCookieMaxAge()");
    assertEnded(s, id, "destroy()", Session::save, "save()");
    assertEnded(s, id, "destroy()", Session::reload, "reload()");
    assertEnded(s, id, "destroy()", Session::destroy, "destroy()");
    assertEnded(s, id, "destroy()", x -> x.regenerate(Carry.KEEP_DATA), "regenerate()");
    assertEnded(s, id, "destroy()", x -> x.save(err -> { }), "save()");
    assertEnded(s, id, "destroy()", x -> x.destroy(err -> { }), "destroy()");
    assertEnded(s, id, "destroy()", x -> x.regenerate((err, n) -> { }), "regenerate()");
    assertEnded(s, id, "destroy()", x -> x.reload(p -> { }), "reload()");
  }

  @Test
  void useAfterRegenerateThrowsAndPointsToTheNewSession() {
    Session s = f.load(f.login());
    String id = s.id();
    RegenerateResult r = s.regenerate(Carry.KEEP_DATA);
    Session next = r.orThrow();
    assertEquals(id, s.id());
    assertNotEquals(id, next.id());
    assertEquals("alice", next.get("user"));
    assertTrue(next.isNew());
    SessionDestroyedException e = assertThrows(SessionDestroyedException.class, () -> s.get("user"));
    assertEquals("Session has been destroyed: session " + id + " was ended by regenerate(), then "
        + "get() was called on it; use the session that regenerate() returned", e.getMessage());
    assertEquals(SessionDestroyedException.EndedBy.REGENERATE, e.endedBy());
    assertEquals(id, e.sessionId());
    assertSame(next, s.current());
  }

  @Test
  void destroyInsideItsOwnCallbackSeesTheSessionEnded() {
    Session s = f.load(f.login());
    AtomicReference<Throwable> inside = new AtomicReference<>();
    AtomicReference<StoreError> error = new AtomicReference<>(StoreError.of(StoreError.Kind.TIMEOUT, "unset"));
    s.destroy(err -> {
      error.set(err);
      try {
        s.get("user"); // the express bug: destroy(() => console.log(req.session.user))
      } catch (SessionDestroyedException ex) {
        inside.set(ex);
      }
    });
    assertNull(error.get());
    assertInstanceOf(SessionDestroyedException.class, inside.get());
  }

  private static void assertEnded(
      Session s, String id, String by, Consumer<Session> use, String operation) {
    SessionDestroyedException e = assertThrows(SessionDestroyedException.class, () -> use.accept(s));
    assertTrue(e.getMessage().startsWith("Session has been destroyed: session " + id
        + " was ended by " + by + ", then " + operation + " was called on it"), e.getMessage());
  }

  // ---- store operations ------------------------------------------------------------------------

  @Test
  void saveWritesNowAndDestroyRemoves() {
    Session s = f.load(null);
    s.set("k", "v");
    assertEquals(new SaveResult.Saved(), s.save());
    assertEquals(1, f.memory.entryCount());
    assertEquals(new DestroyResult.Destroyed(), s.destroy());
    assertEquals(0, f.memory.entryCount());
  }

  @Test
  void reloadTellsReloadedNotFoundAndStoreFailureApart() {
    String cookie = f.login();
    Session a = f.load(cookie);
    Session b = f.load(cookie);
    b.set("user", "bob");
    f.commit(b, cookie);
    a.set("scratch", 1);

    assertEquals(new ReloadResult.Reloaded(), a.reload());
    assertEquals("bob", a.get("user"));
    assertFalse(a.has("scratch"));

    f.store.loadError = StoreError.of(StoreError.Kind.TIMEOUT, "redis timed out");
    ReloadResult failed = a.reload();
    assertEquals(new ReloadResult.StoreFailure(f.store.loadError), failed);
    assertEquals(Optional.of(f.store.loadError), failed.failure());
    assertFalse(failed.notFound());
    assertEquals("bob", a.get("user"));
    f.store.loadError = null;

    assertTrue(b.destroy().ok());
    ReloadResult gone = a.reload();
    assertEquals(new ReloadResult.NotFound(a.id()), gone);
    assertTrue(gone.notFound());
    assertEquals(StoreError.Kind.CONFLICT,
        assertThrows(StoreException.class, gone::orThrow).error().kind());
    Session fresh = f.load(null);
    assertEquals(new ReloadResult.NotFound(fresh.id()), fresh.reload());
  }

  @Test
  void callbackFormsDeliverErrorsAndResults() {
    StoreError down = StoreError.of(StoreError.Kind.UNAVAILABLE, "down");
    String cookie = f.login();
    List<Object> seen = new ArrayList<>();

    Session s = f.load(cookie);
    s.save(err -> seen.add(err == null ? "saved" : err));
    s.reload(problem -> seen.add(problem == null ? "reloaded" : problem));
    f.store.failAll(down);
    s.save(err -> seen.add(err == null ? "saved" : err));
    s.reload(problem -> seen.add(problem == null ? "reloaded" : problem));
    AtomicReference<Session> replacement = new AtomicReference<>();
    s.regenerate((err, next) -> {
      seen.add(err == null ? "regenerated" : err);
      replacement.set(next);
    });
    assertEquals(List.of("saved", "reloaded", down, new ReloadResult.StoreFailure(down), down), seen);
    assertTrue(replacement.get().attributeNames().isEmpty(), "callback regenerate drops data");

    f.store.failAll(null);
    Session t = f.load(cookie);
    seen.clear();
    t.regenerate(Carry.KEEP_DATA, (err, next) -> {
      seen.add(err == null ? "regenerated" : err);
      replacement.set(next);
    });
    assertEquals("alice", replacement.get().get("user"));
    Session u = replacement.get();
    u.destroy(err -> seen.add(err == null ? "destroyed" : err));
    assertEquals(List.of("regenerated", "destroyed"), seen);
  }

  @Test
  void reloadCallbackTellsNotFoundFromFailure() {
    String cookie = f.login();
    Session a = f.load(cookie);
    Session b = f.load(cookie);
    assertTrue(b.destroy().ok());
    AtomicReference<ReloadResult.Problem> got = new AtomicReference<>();
    a.reload(got::set);
    assertEquals(new ReloadResult.NotFound(a.id()), got.get());
  }

  @Test
  void storeResultHelpers() {
    StoreError e = StoreError.of(StoreError.Kind.REJECTED, "too big");
    StoreResult<String> ok = StoreResult.ok("v");
    StoreResult<String> failed = StoreResult.failed(e);
    assertTrue(ok.ok());
    assertEquals("v", ok.orThrow());
    assertEquals(Optional.empty(), ok.failure());
    assertFalse(failed.ok());
    assertEquals(Optional.of(e), failed.failure());
    StoreException ex = assertThrows(StoreException.class, failed::orThrow);
    assertSame(e, ex.error());
    assertEquals("REJECTED: too big", ex.getMessage());
  }

  @Test
  void failuresAreValuesWithHelpers() {
    String cookie = f.login();
    Session s = f.load(cookie);
    StoreError down = StoreError.of(StoreError.Kind.UNAVAILABLE, "down");
    f.store.failAll(down);

    SaveResult save = s.save();
    assertEquals(new SaveResult.Failed(down), save);
    assertFalse(save.ok());
    assertEquals(Optional.of(down), save.failure());
    assertSame(down, assertThrows(StoreException.class, save::orThrow).error());

    RegenerateResult regen = s.regenerate(Carry.DROP_DATA);
    assertInstanceOf(RegenerateResult.Failed.class, regen);
    assertEquals(Optional.of(down), regen.failure());
    assertSame(down, assertThrows(StoreException.class, regen::orThrow).error());
    Session next = ((RegenerateResult.Failed) regen).session();

    DestroyResult destroy = next.destroy();
    // next was never stored, so destroying it needs no store call
    assertTrue(destroy.ok());
    f.store.failAll(null);
    Session again = f.load(cookie);
    f.store.destroyError = down;
    DestroyResult failed = again.destroy();
    assertEquals(new DestroyResult.Failed(down), failed);
    assertThrows(SessionDestroyedException.class, again::isNew);
  }

  @Test
  void saveOfARecordDestroyedMeanwhileIsAConflictAndDoesNotRecreate() {
    String cookie = f.login();
    Session a = f.load(cookie);
    Session b = f.load(cookie);
    assertTrue(b.destroy().ok());
    a.set("late", true);
    SaveResult r = a.save();
    assertEquals(StoreError.Kind.CONFLICT, r.failure().orElseThrow().kind());
    assertEquals(0, f.memory.entryCount());
  }

  @Test
  void cookieViewAndTouch() {
    f.close();
    Fixture g = new Fixture(b -> b.maxAge(Duration.ofHours(1)));
    try {
      Session s = g.load(null);
      SessionCookie c = s.cookie();
      assertEquals("connect.sid", c.name());
      assertEquals(Optional.of(Duration.ofHours(1)), c.maxAge());
      assertEquals(Optional.of(g.clock.instant().plus(Duration.ofHours(1))), c.expires());
      g.clock.advance(Duration.ofMinutes(10));
      s.touch();
      assertEquals(Optional.of(g.clock.instant().plus(Duration.ofHours(1))), s.cookie().expires());
      assertEquals(g.clock.instant(), s.lastAccessedAt());
      s.setCookieMaxAge(null);
      assertEquals(Optional.empty(), s.cookie().expires());
      assertThrows(IllegalArgumentException.class, () -> s.setCookieMaxAge(Duration.ZERO));
    } finally {
      g.close();
    }
  }
}

package dev.sessioncheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.cookie.CookieSigner;
import dev.sessioncheck.runtime.cookie.SetCookie;
import dev.sessioncheck.runtime.cookie.UriComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionManagerTest {

  private static final String EXPIRED = "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

  // ---- cookies in ------------------------------------------------------------------------------

  @Test
  void newSessionWithDataIsSavedAndGetsAnExpressCookie() {
    try (Fixture f = new Fixture(b -> b.idGenerator(() -> "apple"))) {
      Session s = f.load(null);
      assertTrue(s.isNew());
      s.set("user", "alice");
      assertEquals(Optional.of("connect.sid=s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6"
          + "%2FOn1MCU; Path=/; HttpOnly; SameSite=Lax"), f.commit(s, null));
      assertEquals(1, f.memory.entryCount());
    }
  }

  @Test
  void cookieMintedByNodeLoadsTheSession() {
    try (Fixture f = new Fixture()) {
      Session s = f.load(null);
      s.set("user", "alice");
      f.commit(s, null);
      // What express-session sets: encodeURIComponent("s:" + sign(id, secret)).
      String nodeCookie = "connect.sid="
          + UriComponent.encode("s:" + CookieSigner.sign(s.id(), "keyboard cat"));
      Session again = f.load(nodeCookie);
      assertFalse(again.isNew());
      assertEquals("alice", again.get("user"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "connect.sid=", "connect.sid=garbage", "connect.sid=s%3A", "connect.sid=%", "connect.sid=%E0%A4%A",
      "connect.sid=s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCV",
      "connect.sid=s%3Aapple.", "connect.sid=s:apple", "connect.sid=\"", "connect.sid",
      ";;;", "connect.sid=s%3Aunknown.rXnz3t0jlT35yTc5rUb6Fgq5bfk%2FyiZcxGZOxm%2BmvE0",
  })
  void tamperedMalformedOrUnknownCookiesGiveANewSession(String header) {
    try (Fixture f = new Fixture()) {
      String good = f.login();
      Session s = f.load(header);
      assertTrue(s.isNew());
      assertFalse(s.has("user"));
      assertNotEquals(good.substring("connect.sid=s%3A".length()).split("\\.")[0], s.id());
      assertEquals(Optional.empty(), f.commit(s, header), "an untouched new session sends nothing");
    }
  }

  @Test
  void validlySignedUnknownIdGivesANewSessionWithAFreshId() {
    try (Fixture f = new Fixture()) {
      String cookie = "connect.sid=" + CookieSigner.ofSecrets(List.of("keyboard cat")).cookieValue("attacker-chosen");
      Session s = f.load(cookie);
      assertTrue(s.isNew());
      assertNotEquals("attacker-chosen", s.id(), "no session fixation through unknown ids");
    }
  }

  @Test
  void tamperingWithAValidCookieIsRejected() {
    try (Fixture f = new Fixture()) {
      String good = f.login();
      char last = good.charAt(good.length() - 1);
      String tampered = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');
      assertTrue(f.load(tampered).isNew());
      assertFalse(f.load(good).isNew());
    }
  }

  @Test
  void firstValidlySignedCookieOfSeveralWins() {
    try (Fixture f = new Fixture()) {
      String good = f.login();
      Session s = assertInstanceOf(LoadResult.Loaded.class,
          f.manager.load(RequestInfo.ofCookies("connect.sid=junk; other=1", good))).session();
      assertEquals("alice", s.get("user"));
    }
  }

  @Test
  void secretRotation() {
    try (Fixture old = new Fixture(b -> b, "nyan cat")) {
      String cookieSignedWithOld = old.login();
      try (Fixture rotated = new Fixture(b -> b, "keyboard cat", "nyan cat")) {
        // Same store contents: copy the record across.
        String id = old.load(cookieSignedWithOld).id();
        assertTrue(rotated.memory.putJson(id,
            dev.sessioncheck.runtime.json.SessionJson.writeString(
                old.memory.load(id).orThrow().orElseThrow()),
            Optional.empty()).ok());
        Session s = rotated.load(cookieSignedWithOld);
        assertEquals("alice", s.get("user"));
        s.set("n", 1);
        String resent = Fixture.cookieOf(rotated.commit(s, cookieSignedWithOld).orElseThrow());
        assertEquals("connect.sid=" + CookieSigner.ofSecrets(List.of("keyboard cat")).cookieValue(id),
            resent, "re-signed with the new secret");
        try (Fixture newOnly = new Fixture(b -> b, "keyboard cat")) {
          assertTrue(newOnly.load(cookieSignedWithOld).isNew());
        }
      }
    }
  }

  // ---- commit rules ----------------------------------------------------------------------------

  @Test
  void uninitializedSessionIsNotSavedUnlessConfigured() {
    try (Fixture f = new Fixture()) {
      assertEquals(Optional.empty(), f.commit(f.load(null), null));
      assertEquals(0, f.memory.entryCount());
    }
    try (Fixture f = new Fixture(b -> b.saveUninitialized(true))) {
      assertTrue(f.commit(f.load(null), null).isPresent());
      assertEquals(1, f.memory.entryCount());
    }
  }

  @Test
  void unchangedExistingSessionIsTouchedWithoutCookie() {
    try (Fixture f = new Fixture()) {
      String cookie = f.login();
      f.clock.advance(Duration.ofMinutes(20));
      Session s = f.load(cookie);
      assertEquals(Optional.empty(), f.commit(s, cookie));
      f.clock.advance(Duration.ofMinutes(20));
      // 40 minutes after login but 20 after the last request: the idle timeout (30m) restarted.
      assertEquals("alice", f.load(cookie).get("user"));
    }
  }

  @Test
  void rollingSendsTheCookieEveryTimeWithRenewedExpiry() {
    try (Fixture f = new Fixture(b -> b.rolling(true).maxAge(Duration.ofHours(1)))) {
      String cookie = f.login();
      f.clock.advance(Duration.ofMinutes(5));
      Optional<String> again = f.commit(f.load(cookie), cookie);
      assertEquals(Optional.of(cookie + "; Path=/; Expires="
          + SetCookie.httpDate(f.clock.instant().plus(Duration.ofHours(1)))
          + "; HttpOnly; SameSite=Lax"), again);
    }
  }

  @Test
  void rollingBrowserSessionCookieIsResentWithoutExpires() {
    try (Fixture f = new Fixture(b -> b.rolling(true))) {
      String cookie = f.login();
      assertEquals(Optional.of(cookie + "; Path=/; HttpOnly; SameSite=Lax"),
          f.commit(f.load(cookie), cookie));
    }
  }

  @Test
  void closingTheManagerClosesOnlyAStoreItCreated() {
    SessionConfig owned = SessionConfig.builder("s").build();
    new SessionManager(owned).close();
    assertEquals(StoreError.Kind.UNAVAILABLE,
        owned.store().load("x").failure().orElseThrow().kind());
    try (Fixture f = new Fixture()) {
      f.manager.close();
      assertTrue(f.memory.load("x").ok(), "a store given to the config is the caller's to close");
    }
  }

  @Test
  @SuppressWarnings("sessioncheck:use-after-terminal") // commit must see the ended session
  void secureOnOverPlainHttpDoesNotClearEither() {
    try (Fixture f = new Fixture(b -> b.secure(SessionConfig.Secure.ON))) {
      Session s = f.load(null);
      s.set("a", 1);
      String set = assertInstanceOf(CommitResult.Committed.class,
          f.manager.commit(s, new RequestInfo(List.of(), true, Optional.empty())))
          .setCookieHeader().orElseThrow();
      String cookie = Fixture.cookieOf(set);
      Session again = f.load(cookie);
      assertTrue(again.destroy().ok());
      assertEquals(Optional.empty(), f.commit(again, cookie));
    }
  }

  @Test
  void maxAgeCookieIsResentWhenModifiedOnly() {
    try (Fixture f = new Fixture(b -> b.maxAge(Duration.ofHours(1)))) {
      String cookie = f.login();
      assertEquals(Optional.empty(), f.commit(f.load(cookie), cookie));
      Session s = f.load(cookie);
      s.set("x", 1);
      assertTrue(f.commit(s, cookie).isPresent());
    }
    try (Fixture f = new Fixture()) {
      String cookie = f.login();
      Session s = f.load(cookie);
      s.set("x", 1);
      assertEquals(Optional.empty(), f.commit(s, cookie), "browser-session cookie need not change");
    }
  }

  @Test
  void settingTheSameValueIsNotAModification() {
    try (Fixture f = new Fixture(b -> b.maxAge(Duration.ofHours(1)))) {
      String cookie = f.login();
      Session s = f.load(cookie);
      s.set("user", "alice");
      assertEquals(Optional.empty(), f.commit(s, cookie));
    }
  }

  @Test
  void resaveWritesUnchangedSessions() {
    try (Fixture f = new Fixture(b -> b.resave(true))) {
      String cookie = f.login();
      f.store.touchError = StoreError.of(StoreError.Kind.UNAVAILABLE, "touch must not be used");
      assertEquals(Optional.empty(), f.commit(f.load(cookie), cookie));
    }
    try (Fixture f = new Fixture()) {
      String cookie = f.login();
      f.store.saveError = StoreError.of(StoreError.Kind.UNAVAILABLE, "save must not be used");
      assertEquals(Optional.empty(), f.commit(f.load(cookie), cookie));
    }
  }

  @Test
  @SuppressWarnings("sessioncheck:use-after-terminal") // commit must see the ended session
  void regenerateCommitsTheReplacementAndTheOldIdIsGone() {
    try (Fixture f = new Fixture()) {
      String cookie = f.login();
      Session s = f.load(cookie);
      String oldId = s.id();
      Session next = s.regenerate(Carry.DROP_DATA).orThrow();
      String set = f.commit(s, cookie).orElseThrow();
      assertTrue(set.contains(next.id()), set);
      assertTrue(f.load(cookie).isNew(), "old cookie no longer works");
      Session viaNew = f.load(Fixture.cookieOf(set));
      assertFalse(viaNew.isNew());
      assertEquals(Map.of(), viaNew.attributes());
      assertFalse(f.memory.ids().orThrow().contains(oldId));
    }
  }

  @Test
  void committingThroughTheLoadHandleNeedsNoSuppressionAfterDestroy() {
    // No @SuppressWarnings here: this method compiles under the checker (the module dogfoods it).
    try (Fixture f = new Fixture()) {
      String cookie = f.login();
      LoadResult.Loaded loaded =
          assertInstanceOf(LoadResult.Loaded.class, f.manager.load(Fixture.request(cookie)));
      Session s = loaded.session();
      assertTrue(s.destroy().ok());
      CommitResult r = f.manager.commit(loaded, Fixture.request(cookie));
      assertEquals(Optional.of("connect.sid=; Path=/" + EXPIRED + "; HttpOnly; SameSite=Lax"),
          assertInstanceOf(CommitResult.Committed.class, r).setCookieHeader());
      assertEquals(0, f.memory.entryCount());
    }
  }

  @Test
  @SuppressWarnings("sessioncheck:use-after-terminal") // commit must see the ended session
  void destroyClearsTheCookie() {
    try (Fixture f = new Fixture()) {
      String cookie = f.login();
      Session s = f.load(cookie);
      assertTrue(s.destroy().ok());
      assertEquals(Optional.of("connect.sid=; Path=/" + EXPIRED + "; HttpOnly; SameSite=Lax"),
          f.commit(s, cookie));
      assertEquals(0, f.memory.entryCount());
      Session fresh = f.load(null);
      assertTrue(fresh.destroy().ok());
      assertEquals(Optional.empty(), f.commit(fresh, null), "no cookie was sent, none to clear");
    }
  }

  @Test
  void explicitSaveOfANewSessionStillSendsTheCookie() {
    try (Fixture f = new Fixture()) {
      Session s = f.load(null);
      s.set("a", 1);
      assertTrue(s.save().ok());
      s.set("b", 2);
      String set = f.commit(s, null).orElseThrow();
      Session again = f.load(Fixture.cookieOf(set));
      assertEquals(Map.of("a", 1, "b", 2), again.attributes());
    }
  }

  @Test
  void secureCookies() {
    try (Fixture f = new Fixture(b -> b.secure(SessionConfig.Secure.ON))) {
      Session s = f.load(null);
      s.set("a", 1);
      assertEquals(Optional.empty(), f.commit(s, null), "Secure ON over http sends no cookie");
      Session t = f.load(null);
      t.set("a", 1);
      String set = assertInstanceOf(CommitResult.Committed.class,
          f.manager.commit(t, new RequestInfo(List.of(), true, Optional.empty())))
          .setCookieHeader().orElseThrow();
      assertTrue(set.endsWith("; Secure"), set);
    }
    try (Fixture f = new Fixture(b -> b.trustForwardedProto(true))) {
      Session s = f.load(null);
      s.set("a", 1);
      String set = assertInstanceOf(CommitResult.Committed.class,
          f.manager.commit(s, new RequestInfo(List.of(), false, Optional.of("https"))))
          .setCookieHeader().orElseThrow();
      assertTrue(set.endsWith("; Secure"), set);
    }
    try (Fixture f = new Fixture()) {
      Session s = f.load(null);
      s.set("a", 1);
      String set = assertInstanceOf(CommitResult.Committed.class,
          f.manager.commit(s, new RequestInfo(List.of(), false, Optional.of("https"))))
          .setCookieHeader().orElseThrow();
      assertFalse(set.contains("Secure"), "X-Forwarded-Proto is not trusted by default: " + set);
    }
  }

  @Test
  void allCookieAttributes() {
    try (Fixture f = new Fixture(b -> b.cookieName("sid").path("/app").domain("example.com")
        .httpOnly(false).secure(SessionConfig.Secure.ON).sameSite(SessionConfig.SameSite.NONE)
        .partitioned(true).maxAge(Duration.ofSeconds(90)).idGenerator(() -> "apple")
        .priority(SessionConfig.Priority.HIGH))) {
      Session s = f.load(null);
      s.set("a", 1);
      String set = assertInstanceOf(CommitResult.Committed.class,
          f.manager.commit(s, new RequestInfo(List.of(), true, Optional.empty())))
          .setCookieHeader().orElseThrow();
      assertEquals("sid=" + CookieSigner.ofSecrets(List.of("keyboard cat")).cookieValue("apple")
          + "; Domain=example.com; Path=/app; Expires=Sun, 22 Nov 2026 12:01:30 GMT; Partitioned;"
          + " Priority=High; SameSite=None; Secure", set);
      String stored = dev.sessioncheck.runtime.json.SessionJson.writeString(
          f.memory.load("apple").orThrow().orElseThrow());
      assertTrue(stored.startsWith("{\"cookie\":{\"originalMaxAge\":90000,\"expires\":"
          + "\"2026-11-22T12:01:30.000Z\",\"secure\":true,\"httpOnly\":false,\"domain\":"
          + "\"example.com\",\"path\":\"/app\",\"sameSite\":\"none\",\"partitioned\":true,"
          + "\"priority\":\"high\"}"), stored);
    }
  }

  // ---- expiry ----------------------------------------------------------------------------------

  @Test
  void idleTimeout() {
    try (Fixture f = new Fixture(b -> b.idleTimeout(Duration.ofMinutes(10)))) {
      String cookie = f.login();
      f.clock.advance(Duration.ofMinutes(9));
      assertFalse(f.load(cookie).isNew());
      f.clock.advance(Duration.ofMinutes(9));
      assertTrue(f.load(cookie).isNew(), "the uncommitted load above did not extend the session");
    }
  }

  @Test
  void absoluteTimeoutEvenWhenActive() {
    try (Fixture f = new Fixture(b -> b.idleTimeout(Duration.ofMinutes(30))
        .absoluteTimeout(Duration.ofHours(1)))) {
      String cookie = f.login();
      for (int i = 0; i < 5; i++) {
        f.clock.advance(Duration.ofMinutes(11));
        Session s = f.load(cookie);
        assertFalse(s.isNew(), "request " + i);
        assertEquals(Optional.empty(), f.commit(s, cookie));
      }
      f.clock.advance(Duration.ofMinutes(6)); // 61 minutes after login
      assertTrue(f.load(cookie).isNew());
      assertEquals(0, f.memory.entryCount());
    }
  }

  @Test
  void managerChecksTimeoutsEvenIfTheStoreKeepsTheRecord() {
    try (Fixture f = new Fixture(b -> b.idleTimeout(Duration.ofMinutes(10)))) {
      String cookie = f.login();
      String id = f.load(cookie).id();
      String json = dev.sessioncheck.runtime.json.SessionJson.writeString(
          f.memory.load(id).orThrow().orElseThrow());
      assertTrue(f.memory.putJson(id, json, Optional.empty()).ok()); // no store deadline
      f.clock.advance(Duration.ofMinutes(11));
      assertTrue(f.load(cookie).isNew());
      assertEquals(0, f.memory.entryCount(), "expired record removed on load");
    }
  }

  @Test
  void failingToRemoveAnExpiredRecordStillGivesANewSession() {
    try (Fixture f = new Fixture(b -> b.idleTimeout(Duration.ofMinutes(10)))) {
      String cookie = f.login();
      String id = f.load(cookie).id();
      String json = dev.sessioncheck.runtime.json.SessionJson.writeString(
          f.memory.load(id).orThrow().orElseThrow());
      assertTrue(f.memory.putJson(id, json, Optional.empty()).ok());
      f.clock.advance(Duration.ofMinutes(11));
      f.store.destroyError = StoreError.of(StoreError.Kind.UNAVAILABLE, "down");
      assertTrue(f.load(cookie).isNew());
      assertTrue(f.load(cookie).isNew(), "still expired on the next request");
    }
  }

  @Test
  void cookieExpiryIsEnforcedServerSide() {
    try (Fixture f = new Fixture(b -> b.maxAge(Duration.ofMinutes(5)).noIdleTimeout()
        .noAbsoluteTimeout())) {
      String cookie = f.login();
      f.clock.advance(Duration.ofMinutes(6));
      assertTrue(f.load(cookie).isNew(), "a browser ignoring Expires gains nothing");
    }
  }

  @Test
  void nodeRecordWithoutBookkeepingCountsAgeFromFirstLoad() {
    try (Fixture f = new Fixture(b -> b.absoluteTimeout(Duration.ofHours(1)))) {
      String id = "node-made";
      assertTrue(f.memory.putJson(id, "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,"
          + "\"httpOnly\":true,\"path\":\"/\"},\"user\":\"from-node\"}", Optional.empty()).ok());
      String cookie = "connect.sid=" + CookieSigner.ofSecrets(List.of("keyboard cat")).cookieValue(id);
      Session s = f.load(cookie);
      assertEquals("from-node", s.get("user"));
      assertEquals(f.clock.instant(), s.createdAt());
      s.set("java", true);
      assertEquals(Optional.empty(), f.commit(s, cookie));
      String stored = dev.sessioncheck.runtime.json.SessionJson.writeString(
          f.memory.load(id).orThrow().orElseThrow());
      assertTrue(stored.contains("\"__sessioncheck\":{\"created\":\"2026-11-22T12:00:00.000Z\""),
          stored);
    }
  }

  // ---- store failures --------------------------------------------------------------------------

  @Test
  void storeFailuresAreReturnedNotThrown() {
    try (Fixture f = new Fixture()) {
      String cookie = f.login();
      StoreError down = StoreError.of(StoreError.Kind.UNAVAILABLE, "down");
      f.store.failAll(down);
      assertEquals(new LoadResult.Failed(down), f.manager.load(Fixture.request(cookie)));
      Session fresh = f.manager.newSession(Fixture.request(cookie));
      assertTrue(fresh.isNew());
      fresh.set("a", 1);
      assertEquals(new CommitResult.Failed(down), f.manager.commit(fresh, Fixture.request(cookie)));
      f.store.failAll(null);
      Session s = f.load(cookie);
      f.store.touchError = down;
      assertEquals(new CommitResult.Failed(down), f.manager.commit(s, Fixture.request(cookie)));
    }
  }

  @Test
  void corruptRecordIsACorruptFailure() {
    try (Fixture f = new Fixture()) {
      String cookie = "connect.sid=" + CookieSigner.ofSecrets(List.of("keyboard cat")).cookieValue("bad");
      assertTrue(f.memory.putJson("bad", "{\"cookie\":", Optional.empty()).ok());
      LoadResult r = f.manager.load(Fixture.request(cookie));
      assertEquals(StoreError.Kind.CORRUPT, assertInstanceOf(LoadResult.Failed.class, r).error().kind());
    }
  }

  @Test
  void defaultPolicyFailsTheRequest() {
    StoreErrorPolicy p = StoreErrorPolicy.failRequest();
    StoreError e = StoreError.of(StoreError.Kind.TIMEOUT, "slow");
    assertEquals(StoreErrorPolicy.Decision.FAIL_REQUEST, p.onStoreError(e, StoreErrorPolicy.Phase.LOAD));
    assertEquals(StoreErrorPolicy.Decision.CONTINUE,
        StoreErrorPolicy.continueWithoutSession().onStoreError(e, StoreErrorPolicy.Phase.COMMIT));
  }

  @Test
  void sessionCreatedAtIsKeptAcrossRequests() {
    try (Fixture f = new Fixture()) {
      Instant start = f.clock.instant();
      String cookie = f.login();
      f.clock.advance(Duration.ofMinutes(3));
      assertEquals(start, f.load(cookie).createdAt());
    }
  }
}

package dev.sessioncheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SessionConfigTest {

  private static String failure(Consumer<SessionConfig.Builder> change) {
    SessionConfig.Builder b = SessionConfig.builder("keyboard cat");
    change.accept(b);
    return assertThrows(IllegalArgumentException.class, b::build).getMessage();
  }

  private static void assertContains(String expected, String actual) {
    assertTrue(actual.contains(expected), () -> "expected <" + expected + "> in <" + actual + ">");
  }

  @Test
  void defaults() {
    SessionConfig c = SessionConfig.builder("keyboard cat").build();
    try (SessionManager m = new SessionManager(c)) {
      assertEquals(List.of("keyboard cat"), c.secrets());
      assertEquals("connect.sid", c.cookieName());
      assertEquals("/", c.path());
      assertEquals(Optional.empty(), c.domain());
      assertTrue(c.httpOnly());
      assertEquals(SessionConfig.Secure.AUTO, c.secure());
      assertFalse(c.trustForwardedProto());
      assertEquals(SessionConfig.SameSite.LAX, c.sameSite());
      assertEquals(Optional.empty(), c.maxAge());
      assertFalse(c.partitioned());
      assertFalse(c.rolling());
      assertFalse(c.resave());
      assertFalse(c.saveUninitialized());
      assertEquals(Optional.of(Duration.ofMinutes(30)), c.idleTimeout());
      assertEquals(Optional.of(Duration.ofHours(24)), c.absoluteTimeout());
      assertInstanceOf(MemoryStore.class, c.store());
      assertTrue(c.ownsStore());
      assertEquals(Clock.systemUTC(), c.clock());
      String id = c.idGenerator().get();
      assertTrue(id.matches("[A-Za-z0-9_-]{43}"), id);
      assertFalse(id.equals(c.idGenerator().get()));
      assertEquals(m.config(), c);
    }
  }

  @Test
  void emptyOrBlankSecretFailsNamingTheOption() {
    assertContains("secret must not be empty or blank",
        assertThrows(IllegalArgumentException.class,
            () -> SessionConfig.builder("").build()).getMessage());
    assertContains("secret must not be empty or blank",
        assertThrows(IllegalArgumentException.class,
            () -> SessionConfig.builder(" \t").build()).getMessage());
    assertContains("secret must not be null",
        assertThrows(IllegalArgumentException.class,
            () -> SessionConfig.builder((String) null).build()).getMessage());
    assertContains("secret #2 (an older secret) must not be empty",
        assertThrows(IllegalArgumentException.class,
            () -> SessionConfig.builder("good", "").build()).getMessage());
    assertContains("secret must not be empty: give at least one secret",
        assertThrows(IllegalArgumentException.class,
            () -> SessionConfig.builder(new ArrayList<String>()).build()).getMessage());
  }

  @Test
  void secretListRotates() {
    SessionConfig c = SessionConfig.builder(List.of("new", "old")).store(new MemoryStore()).build();
    assertEquals(List.of("new", "old"), c.secrets());
    assertFalse(c.ownsStore());
    ((MemoryStore) c.store()).close();
  }

  @Test
  void everyBadCookieOptionIsNamed() {
    assertContains("cookieName must not be empty", failure(b -> b.cookieName("")));
    assertContains("cookieName must not be empty", failure(b -> b.cookieName(null)));
    assertContains("cookieName must be an RFC 6265 token", failure(b -> b.cookieName("a b")));
    assertContains("cookieName must be an RFC 6265 token", failure(b -> b.cookieName("a;b")));
    assertContains("cookieName must be an RFC 6265 token", failure(b -> b.cookieName("a=b")));
    assertContains("path must start with '/'", failure(b -> b.path("app")));
    assertContains("path must start with '/'", failure(b -> b.path(null)));
    assertContains("path must not contain ';'", failure(b -> b.path("/a;b")));
    assertContains("domain must be a host name", failure(b -> b.domain(" ")));
    assertContains("domain must be a host name", failure(b -> b.domain("a;b")));
    assertContains("secure must not be null", failure(b -> b.secure(null)));
    assertContains("sameSite must not be null", failure(b -> b.sameSite(null)));
    assertContains("sameSite NONE requires secure(ON)",
        failure(b -> b.sameSite(SessionConfig.SameSite.NONE)));
    assertContains("partitioned requires secure(ON)", failure(b -> b.partitioned(true)));
  }

  @Test
  void everyBadDurationIsNamed() {
    assertContains("maxAge must be positive", failure(b -> b.maxAge(Duration.ZERO)));
    assertContains("maxAge must be positive", failure(b -> b.maxAge(Duration.ofSeconds(-1))));
    assertContains("maxAge must be at least 1 millisecond", failure(b -> b.maxAge(Duration.ofNanos(5))));
    assertContains("idleTimeout must be positive", failure(b -> b.idleTimeout(Duration.ZERO)));
    assertContains("absoluteTimeout must be positive",
        failure(b -> b.absoluteTimeout(Duration.ofMinutes(-5))));
    assertContains("absoluteTimeout (PT5M) must not be shorter than idleTimeout (PT30M)",
        failure(b -> b.absoluteTimeout(Duration.ofMinutes(5))));
    assertContains("maxAge must be at most 1000 years",
        failure(b -> b.maxAge(Duration.ofDays(365L * 2000))));
    assertContains("maxAge must not be null (use noMaxAge()", failure(b -> b.maxAge(null)));
    assertContains("idleTimeout must not be null (use noIdleTimeout())",
        failure(b -> b.idleTimeout(null)));
    assertContains("absoluteTimeout must not be null (use noAbsoluteTimeout())",
        failure(b -> b.absoluteTimeout(null)));
  }

  @Test
  void badCollaboratorsAreNamed() {
    assertContains("idGenerator must not be null", failure(b -> b.idGenerator(null)));
    assertContains("idGenerator must return non-empty ids", failure(b -> b.idGenerator(() -> "")));
    assertContains("storeErrorPolicy must not be null", failure(b -> b.storeErrorPolicy(null)));
    assertContains("clock must not be null", failure(b -> b.clock(null)));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String m = failure(b -> b.cookieName("").path("x").maxAge(Duration.ZERO));
    assertContains("cookieName", m);
    assertContains("path", m);
    assertContains("maxAge", m);
  }

  @Test
  void validCombinationsBuild() {
    SessionConfig c = SessionConfig.builder("s")
        .secure(SessionConfig.Secure.ON).sameSite(SessionConfig.SameSite.NONE).partitioned(true)
        .noIdleTimeout().noAbsoluteTimeout().maxAge(Duration.ofDays(7)).domain("example.com")
        .path("/app").cookieName("sid").rolling(true).resave(true).saveUninitialized(true)
        .trustForwardedProto(true).httpOnly(false).store(new MemoryStore()).build();
    assertEquals(Optional.empty(), c.idleTimeout());
    assertEquals(Optional.empty(), c.absoluteTimeout());
    assertEquals(Optional.of(Duration.ofDays(7)), c.maxAge());
    ((MemoryStore) c.store()).close();
  }

  @Test
  void forwardedProtoIsTrustedOnlyWhenConfigured() {
    RequestInfo viaProxy = new RequestInfo(List.of(), false, Optional.of("https, http"));
    SessionConfig trusting = SessionConfig.builder("s").trustForwardedProto(true)
        .store(new MemoryStore()).build();
    SessionConfig plain = SessionConfig.builder("s").store(new MemoryStore()).build();
    assertTrue(trusting.isSecureRequest(viaProxy));
    assertFalse(plain.isSecureRequest(viaProxy));
    assertTrue(plain.isSecureRequest(new RequestInfo(List.of(), true, Optional.empty())));
    assertFalse(trusting.isSecureRequest(new RequestInfo(List.of(), false, Optional.of("http"))));
  }
}

package dev.sessioncheck.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.StoredCookie;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionJsonTest {
  private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

  private static SessionRecord record() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("user", "alice");
    attrs.put("cart", Arrays.asList(1, 2.5, null, Map.of("sku", "x")));
    attrs.put("admin", false);
    attrs.put("big", new BigInteger("123456789012345678901234567890"));
    StoredCookie cookie = new StoredCookie(Optional.of(3_600_000L),
        Optional.of(Instant.parse("2026-11-22T13:00:00.5Z")), Optional.of(false), true,
        Optional.empty(), "/", Optional.of("lax"), false, Optional.empty());
    return new SessionRecord(cookie, Optional.of(T), Optional.of(T.plusSeconds(1)), attrs);
  }

  @Test
  void writesTheExpressSessionShape() {
    assertEquals("{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"2026-11-22T13:00:00.500Z\","
        + "\"secure\":false,\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},"
        + "\"__sessioncheck\":{\"created\":\"2026-11-22T12:00:00.000Z\","
        + "\"lastAccess\":\"2026-11-22T12:00:01.000Z\"},"
        + "\"user\":\"alice\",\"cart\":[1,2.5,null,{\"sku\":\"x\"}],\"admin\":false,"
        + "\"big\":123456789012345678901234567890}", SessionJson.writeString(record()));
  }

  @Test
  void roundTripsExactly() {
    SessionRecord r = record();
    byte[] json = SessionJson.write(r);
    assertEquals(r, SessionJson.read(json).orThrow());
    assertEquals(new String(json, java.nio.charset.StandardCharsets.UTF_8),
        SessionJson.writeString(SessionJson.read(json).orThrow()));
  }

  @Test
  void readsWhatExpressSessionWrites() {
    // As express-session 1.18 stores it (JSON.stringify of req.session) with every cookie option.
    String node = "{\"cookie\":{\"originalMaxAge\":null,\"partitioned\":true,\"priority\":\"high\","
        + "\"expires\":null,\"secure\":true,\"httpOnly\":false,\"domain\":\"example.com\","
        + "\"path\":\"/app\",\"sameSite\":true},\"views\":3,\"profile\":{\"name\":\"N\"}}";
    SessionRecord r = SessionJson.read(node).orThrow();
    assertEquals(new StoredCookie(Optional.empty(), Optional.empty(), Optional.of(true), false,
        Optional.of("example.com"), "/app", Optional.of("strict"), true, Optional.of("high")),
        r.cookie());
    assertEquals(Optional.empty(), r.created());
    assertEquals(Map.of("views", 3, "profile", Map.of("name", "N")), r.attributes());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "nope", "[]", "null", "{}", "{\"cookie\":1}", "{\"cookie\":{}",
      "{\"cookie\":{},\"a\":1,\"a\":2}",
      "{\"cookie\":{\"expires\":\"yesterday\"}}",
      "{\"cookie\":{\"expires\":5}}",
      "{\"cookie\":{\"originalMaxAge\":\"1h\"}}",
      "{\"cookie\":{\"secure\":\"yes\"}}",
      "{\"cookie\":{\"httpOnly\":1}}",
      "{\"cookie\":{\"path\":1}}",
      "{\"cookie\":{\"sameSite\":1}}",
      "{\"cookie\":{\"partitioned\":\"no\"}}",
      "{\"cookie\":{},\"__sessioncheck\":[]}",
      "{\"cookie\":{},\"__sessioncheck\":{\"created\":\"x\"}}",
      "{\"cookie\":{},\"n\":[1e400]}",
      "{\"cookie\":{},\"n\":NaN}",
  })
  void anythingElseIsCorrupt(String json) {
    StoreResult<SessionRecord> r = SessionJson.read(json);
    StoreError e = r.failure().orElseThrow();
    assertEquals(StoreError.Kind.CORRUPT, e.kind());
    assertTrue(e.message().startsWith("stored session is corrupt: "), e.message());
  }

  @Test
  void nestingBeyondJacksonsLimitIsCorrupt() {
    String deep = "{\"cookie\":{},\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
    assertEquals(StoreError.Kind.CORRUPT, SessionJson.read(deep).failure().orElseThrow().kind());
  }

  @Test
  void minimalCookieGetsExpressDefaults() {
    SessionRecord r = SessionJson.read("{\"cookie\":{}}").orThrow();
    assertEquals("/", r.cookie().path());
    assertTrue(r.cookie().httpOnly());
    assertEquals(List.of(), List.copyOf(r.attributes().keySet()));
  }
}

package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.StoredCookie;
import dev.sessioncheck.runtime.json.SessionJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pieces the patch script splices are exactly SessionJson's: glued together they give the
 * bytes SessionJson writes for the whole record. No Redis needed.
 */
class StoredFormTest {
  @Test
  void piecesGlueBackIntoSessionJsonsOwnOutput() {
    StoredCookie cookie = new StoredCookie(Optional.of(60_000L),
        Optional.of(Instant.parse("2026-11-22T18:00:00.123Z")), Optional.of(true), true,
        Optional.of("example.com"), "/app", Optional.of("strict"), true, Optional.of("high"));
    Instant created = Instant.parse("2026-11-22T17:00:00Z");
    Instant last = Instant.parse("2026-11-22T17:30:00.5Z");
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("user", "al\"ice\u2028");
    attrs.put("n", 42L);
    attrs.put("d", new BigDecimal("1.50"));
    attrs.put("list", List.of(1, "two", Map.of("three", 3)));
    attrs.put("nothing", null);
    attrs.put("caf\u00e9 \\ key", true);

    StringBuilder glued = new StringBuilder("{\"cookie\":").append(StoredForm.cookie(cookie))
        .append(",\"").append(SessionJson.META_KEY).append("\":")
        .append(StoredForm.meta(cookie, created, last));
    for (Map.Entry<String, Object> e : attrs.entrySet()) {
      glued.append(',').append(StoredForm.member(cookie, e.getKey(), e.getValue()));
    }
    glued.append('}');
    assertEquals(SessionJson.writeString(
        new SessionRecord(cookie, Optional.of(created), Optional.of(last), attrs)), glued.toString());
    assertEquals("\"2026-11-22T17:30:00.500Z\"", StoredForm.date(last));
  }
}

package dev.sessioncheck.benchmarks.runtime;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.StoredCookie;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The data every runtime benchmark shares. */
final class Fixtures {
  private Fixtures() {}

  /** The end-to-end apps use the same one (benchmarks/express/server.mjs, run-runtime.sh). */
  static final String SECRET = "sessioncheck-benchmark-secret: not for production";

  /**
   * A typical logged-in session as express-session stores it: the cookie, sessioncheck's
   * timestamps, a user, a counter, a small cart and a few flags (about 400 bytes of JSON).
   */
  static SessionRecord typicalRecord() {
    Instant now = Instant.parse("2026-11-22T12:00:00.000Z");
    StoredCookie cookie = new StoredCookie(Optional.of(3_600_000L), Optional.of(now.plusSeconds(3600)),
        Optional.of(false), true, Optional.empty(), "/", Optional.of("lax"), false, Optional.empty());
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("user", "alice@example.com");
    attrs.put("views", 42);
    attrs.put("roles", List.of("customer", "beta"));
    attrs.put("cart", List.of(
        Map.of("sku", "A-1001", "qty", 2, "price", 19.99),
        Map.of("sku", "B-2002", "qty", 1, "price", 5.5)));
    attrs.put("csrf", "3q2+7w8k1Xc9fJ0tYpLm4A");
    attrs.put("prefs", Map.of("lang", "en", "theme", "dark", "newsletter", true));
    return new SessionRecord(cookie, Optional.of(now.minusSeconds(600)), Optional.of(now), attrs);
  }
}

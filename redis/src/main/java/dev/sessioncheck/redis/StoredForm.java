package dev.sessioncheck.redis;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.StoredCookie;
import dev.sessioncheck.runtime.json.SessionJson;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Pieces of the stored JSON (the cookie object, the bookkeeping object, one attribute member), cut
 * out of what {@link SessionJson} writes for a whole record, so that the patch script splices in
 * exactly the bytes the runtime's own stores would hold. SessionJson writes compactly and in a
 * fixed order ({@code cookie}, {@code __sessioncheck}, attributes), which is what the cuts rely on;
 * {@code StoredFormTest} pins that.
 */
final class StoredForm {
  private static final String COOKIE_PREFIX = "{\"cookie\":";
  private static final String META_INFIX = ",\"" + SessionJson.META_KEY + "\":";

  private StoredForm() {}

  /** The {@code cookie} object's JSON. */
  static String cookie(StoredCookie cookie) {
    String whole = bare(cookie);
    return whole.substring(COOKIE_PREFIX.length(), whole.length() - 1);
  }

  /** The {@code __sessioncheck} object's JSON for these times. */
  static String meta(StoredCookie cookie, Instant created, Instant lastAccess) {
    String base = bare(cookie);
    String whole = SessionJson.writeString(
        new SessionRecord(cookie, Optional.of(created), Optional.of(lastAccess), Map.of()));
    String head = base.substring(0, base.length() - 1) + META_INFIX;
    check(whole, head);
    return whole.substring(head.length(), whole.length() - 1);
  }

  /** One top-level member, {@code "name":value}, as SessionJson writes it. */
  static String member(StoredCookie cookie, String name, Object value) {
    String base = bare(cookie);
    String whole = SessionJson.writeString(new SessionRecord(
        cookie, Optional.empty(), Optional.empty(), java.util.Collections.singletonMap(name, value)));
    String head = base.substring(0, base.length() - 1) + ",";
    check(whole, head);
    return whole.substring(head.length(), whole.length() - 1);
  }

  /** An instant as the JSON string JavaScript's {@code Date.toJSON()} gives. */
  static String date(Instant instant) {
    return "\"" + SessionJson.date(instant) + "\"";
  }

  private static String bare(StoredCookie cookie) {
    String whole = SessionJson.writeString(
        new SessionRecord(cookie, Optional.empty(), Optional.empty(), Map.of()));
    check(whole, COOKIE_PREFIX);
    return whole;
  }

  private static void check(String whole, String head) {
    if (!whole.startsWith(head) || !whole.endsWith("}")) {
      throw new IllegalStateException("SessionJson no longer writes the shape this store splices: "
          + whole.substring(0, Math.min(whole.length(), 40)));
    }
  }
}

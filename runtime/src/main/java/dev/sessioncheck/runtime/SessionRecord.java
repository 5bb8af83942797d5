package dev.sessioncheck.runtime;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored session: what {@link SessionStore#load(String)} returns.
 *
 * @param cookie the stored cookie object
 * @param created creation time (from the {@code __sessioncheck} object); empty for a record
 *     written by a Node app, whose age the manager then counts from the first Java load
 * @param lastAccess last request time (from {@code __sessioncheck}); empty for Node records
 * @param attributes the attributes, JSON-compatible values only (unmodifiable, insertion order)
 */
public record SessionRecord(
    StoredCookie cookie,
    Optional<Instant> created,
    Optional<Instant> lastAccess,
    Map<String, Object> attributes) {

  public SessionRecord {
    Objects.requireNonNull(cookie, "cookie");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastAccess, "lastAccess");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}

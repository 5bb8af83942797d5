package dev.sessioncheck.runtime;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One write of a session to a store: a whole new record, or the changes one request made to an
 * existing one.
 *
 * <p><b>Changed-attributes-only writes.</b> An {@link Mode#UPDATE} carries only the attributes
 * this request set ({@link #attributes()}) and removed ({@link #removed()}); the store merges them
 * into the record it holds, atomically. Two concurrent requests that touch different attributes
 * therefore never lose each other's writes. Limits: when both write the same attribute, the later
 * commit wins; a read-modify-write of one attribute (a counter) is not atomic across requests.
 *
 * <p><b>No resurrection.</b> An UPDATE applies only if the record still exists; otherwise the
 * store does nothing and answers {@link WriteStatus#NOT_FOUND}, so a session destroyed by one
 * request is not re-created by another's commit. A {@link Mode#CREATE} applies only if the id is
 * free (else {@link StoreError.Kind#CONFLICT}).
 *
 * @param mode create a new record or update an existing one
 * @param cookie the cookie object to store (replaces the stored one)
 * @param created creation time to store
 * @param lastAccess last access time to store
 * @param attributes CREATE: every attribute; UPDATE: the attributes set by this request
 * @param removed UPDATE: the attributes removed by this request (empty for CREATE)
 * @param expiresAt when the store may forget the record (min of cookie expiry, idle and absolute
 *     deadlines); empty = never
 */
public record SessionWrite(
    Mode mode,
    StoredCookie cookie,
    Instant created,
    Instant lastAccess,
    Map<String, Object> attributes,
    Set<String> removed,
    Optional<Instant> expiresAt) {

  /** Whether the write creates a record or updates an existing one. */
  public enum Mode {
    /** A new session: write the whole record if the id is free. */
    CREATE,
    /** An existing session: merge the changes if the record still exists. */
    UPDATE
  }

  public SessionWrite {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(cookie, "cookie");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastAccess, "lastAccess");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    removed = Collections.unmodifiableSet(new LinkedHashSet<>(removed));
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (mode == Mode.CREATE && !removed.isEmpty()) {
      throw new IllegalArgumentException("a CREATE write removes nothing");
    }
  }

  /** The record this write produces on its own (for CREATE). */
  public SessionRecord toRecord() {
    return new SessionRecord(cookie, Optional.of(created), Optional.of(lastAccess), attributes);
  }

  /** The record this write produces when merged into {@code existing} (for UPDATE). */
  public SessionRecord applyTo(SessionRecord existing) {
    Map<String, Object> merged = new LinkedHashMap<>(existing.attributes());
    for (String key : removed) {
      merged.remove(key);
    }
    merged.putAll(attributes);
    return new SessionRecord(cookie, Optional.of(created), Optional.of(lastAccess), merged);
  }
}

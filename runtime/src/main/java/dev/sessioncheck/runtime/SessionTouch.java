package dev.sessioncheck.runtime;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A touch: the request used the session without changing it. Updates the stored cookie (its
 * renewed expiry), the last access time and the store's expiry; never creates a record.
 *
 * @param cookie the cookie object to store
 * @param lastAccess the new last access time
 * @param expiresAt the store's new deadline for the record; empty = never
 */
public record SessionTouch(StoredCookie cookie, Instant lastAccess, Optional<Instant> expiresAt) {
  public SessionTouch {
    Objects.requireNonNull(cookie, "cookie");
    Objects.requireNonNull(lastAccess, "lastAccess");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The touched record. */
  public SessionRecord applyTo(SessionRecord existing) {
    return new SessionRecord(
        cookie, existing.created(), Optional.of(lastAccess), existing.attributes());
  }
}

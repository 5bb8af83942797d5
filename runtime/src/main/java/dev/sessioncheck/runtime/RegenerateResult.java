package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Session#regenerate(Carry)}. Either way the old session object is ended and
 * a new one, with a new id, replaces it for the rest of the request (it is saved when the request
 * commits); the two cases differ in whether the old record is gone from the store.
 */
@MustCheck
public sealed interface RegenerateResult
    permits RegenerateResult.Regenerated, RegenerateResult.Failed {

  // No session() here on purpose: reaching the new session means naming the case (a pattern,
  // a switch, or orThrow()), so a failed regenerate cannot be used as if it had worked. With a
  // shared accessor, `r.session()` would count as checking r and hide the failure from the checker.

  /** The old record was removed; {@code session} replaces it. */
  record Regenerated(Session session) implements RegenerateResult {
    public Regenerated {
      Objects.requireNonNull(session, "session");
    }
  }

  /**
   * Removing the old record failed, so the old id may still be valid in the store until it
   * expires (as with express-session, the new session exists anyway). Treat as a failed login
   * unless you know better.
   */
  record Failed(StoreError error, Session session) implements RegenerateResult {
    public Failed {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(session, "session");
    }
  }

  @MustCheck
  default boolean ok() {
    return this instanceof Regenerated;
  }

  @MustCheck
  default Optional<StoreError> failure() {
    return this instanceof Failed f ? Optional.of(f.error()) : Optional.empty();
  }

  /** The new session, or throws {@link StoreException} if removing the old record failed. */
  default Session orThrow() {
    if (this instanceof Failed f) {
      throw f.error().toException();
    }
    return ((Regenerated) this).session();
  }
}

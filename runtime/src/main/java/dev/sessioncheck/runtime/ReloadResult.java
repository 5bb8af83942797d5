package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Session#reload()}: three cases, so that "the session is gone" and "the
 * store is down" are never confused. On JDK 21+ a {@code switch} over it is exhaustive.
 */
@MustCheck
public sealed interface ReloadResult permits ReloadResult.Reloaded, ReloadResult.Problem {

  /** The session's attributes and expiry now mirror the store. */
  record Reloaded() implements ReloadResult {}

  /** A reload that did not happen: {@link NotFound} or {@link StoreFailure}. */
  sealed interface Problem extends ReloadResult permits NotFound, StoreFailure {}

  /**
   * The store has no record for the session (destroyed by another request, expired, or never
   * saved). The session object is unchanged and a commit will not re-create the record.
   */
  record NotFound(String id) implements Problem {
    public NotFound {
      Objects.requireNonNull(id, "id");
    }
  }

  /** The store failed; the session object is unchanged. */
  record StoreFailure(StoreError error) implements Problem {
    public StoreFailure {
      Objects.requireNonNull(error, "error");
    }
  }

  @MustCheck
  default boolean ok() {
    return this instanceof Reloaded;
  }

  @MustCheck
  default boolean notFound() {
    return this instanceof NotFound;
  }

  @MustCheck
  default Optional<StoreError> failure() {
    return this instanceof StoreFailure f ? Optional.of(f.error()) : Optional.empty();
  }

  /**
   * Returns normally only if reloaded. Throws {@link StoreException} on a store failure, and
   * {@link StoreException} of kind {@link StoreError.Kind#CONFLICT} when the record is gone.
   */
  default void orThrow() {
    if (this instanceof StoreFailure f) {
      throw f.error().toException();
    }
    if (this instanceof NotFound n) {
      throw StoreError.of(StoreError.Kind.CONFLICT, "session " + n.id() + " is not in the store")
          .toException();
    }
  }
}

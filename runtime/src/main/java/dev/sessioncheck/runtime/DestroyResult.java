package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Session#destroy()}. Either way the session object is ended and the
 * response clears the cookie; on failure the record may still be in the store.
 */
@MustCheck
public sealed interface DestroyResult permits DestroyResult.Destroyed, DestroyResult.Failed {

  /** Removed from the store (or it was not there). */
  record Destroyed() implements DestroyResult {}

  /** The store failed: the record may survive until it expires. */
  record Failed(StoreError error) implements DestroyResult {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  @MustCheck
  default boolean ok() {
    return this instanceof Destroyed;
  }

  @MustCheck
  default Optional<StoreError> failure() {
    return this instanceof Failed f ? Optional.of(f.error()) : Optional.empty();
  }

  /** Throws {@link StoreException} if the destroy failed. */
  default void orThrow() {
    if (this instanceof Failed f) {
      throw f.error().toException();
    }
  }
}

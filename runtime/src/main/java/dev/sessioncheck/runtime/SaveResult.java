package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;
import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link Session#save()}. */
@MustCheck
public sealed interface SaveResult permits SaveResult.Saved, SaveResult.Failed {

  /** Written to the store. */
  record Saved() implements SaveResult {}

  /**
   * Not written. {@link StoreError.Kind#CONFLICT} when the session's record had been destroyed
   * (or had expired) meanwhile: it is not re-created.
   */
  record Failed(StoreError error) implements SaveResult {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  @MustCheck
  default boolean ok() {
    return this instanceof Saved;
  }

  @MustCheck
  default Optional<StoreError> failure() {
    return this instanceof Failed f ? Optional.of(f.error()) : Optional.empty();
  }

  /** Throws {@link StoreException} if the save failed. */
  default void orThrow() {
    if (this instanceof Failed f) {
      throw f.error().toException();
    }
  }
}

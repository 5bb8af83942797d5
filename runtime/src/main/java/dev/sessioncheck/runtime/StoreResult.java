package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SessionStore} operation returns: a value or a {@link StoreError}. Never {@code
 * null}. Every method returning it must have its result inspected ({@link MustCheck}).
 */
@MustCheck
public sealed interface StoreResult<T> permits StoreResult.Ok, StoreResult.Failed {

  /** Success, with the operation's value. */
  record Ok<T>(T value) implements StoreResult<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Failure, as a value. */
  record Failed<T>(StoreError error) implements StoreResult<T> {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  static <T> StoreResult<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> StoreResult<T> failed(StoreError error) {
    return new Failed<>(error);
  }

  static <T> StoreResult<T> failed(StoreError.Kind kind, String message) {
    return new Failed<>(StoreError.of(kind, message));
  }

  @MustCheck
  default boolean ok() {
    return this instanceof Ok;
  }

  /** The error, or empty on success. */
  @MustCheck
  default Optional<StoreError> failure() {
    return this instanceof Failed<T> f ? Optional.of(f.error()) : Optional.empty();
  }

  /** The value, or throws {@link StoreException} carrying the error. */
  default T orThrow() {
    if (this instanceof Ok<T> o) {
      return o.value();
    }
    throw ((Failed<T>) this).error().toException();
  }
}

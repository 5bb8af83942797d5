package dev.sessioncheck.runtime;

import java.util.Objects;

/**
 * A store failure, as a value. Stores never throw for their own failures; they return this inside
 * a {@link StoreResult.Failed}, and the session API hands it on to the caller.
 *
 * @param kind what went wrong, coarsely
 * @param message a short human description (never contains attribute values)
 * @param cause the underlying exception, or {@code null}
 */
public record StoreError(Kind kind, String message, Throwable cause) {

  /** Coarse failure classes; a store maps its own exceptions onto these. */
  public enum Kind {
    /** The store cannot be reached or is shut down. */
    UNAVAILABLE,
    /** The store did not answer in time. */
    TIMEOUT,
    /**
     * The write lost a race: e.g. the record was destroyed by another request before this one
     * saved it (the write is not done, so a destroyed session is never re-created), or a new id
     * already exists.
     */
    CONFLICT,
    /** A stored record could not be decoded. */
    CORRUPT,
    /** The store refused the value (too large, invalid). */
    REJECTED
  }

  public StoreError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  public static StoreError of(Kind kind, String message) {
    return new StoreError(kind, message, null);
  }

  /** This error as an unchecked exception, for callers that prefer to throw. */
  public StoreException toException() {
    return new StoreException(this);
  }

  @Override
  public String toString() {
    return "StoreError[" + kind + ": " + message + (cause == null ? "" : " (" + cause + ")") + "]";
  }
}

package dev.sessioncheck.runtime;

/** Thrown by the {@code orThrow()} helpers of the result types; carries the {@link StoreError}. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient StoreError error;

  public StoreException(StoreError error) {
    super(error.kind() + ": " + error.message(), error.cause());
    this.error = error;
  }

  /** The store failure; {@code null} only after Java deserialisation of this exception. */
  public StoreError error() {
    return error;
  }
}

package dev.sessioncheck.runtime;

/**
 * What to do with a request when the store fails while loading or committing its session. Asked
 * by the HTTP integration; the {@link SessionManager} itself only reports failures as values.
 */
@FunctionalInterface
public interface StoreErrorPolicy {

  Decision onStoreError(StoreError error, Phase phase);

  /** When the failure happened. */
  enum Phase {
    LOAD,
    COMMIT
  }

  /** The answer. */
  enum Decision {
    /** Answer the request with 503 Service Unavailable. */
    FAIL_REQUEST,
    /** At LOAD: go on with a fresh session. At COMMIT: respond without saving. */
    CONTINUE
  }

  /** The default: logs the failure through {@link System.Logger} and fails the request. */
  static StoreErrorPolicy failRequest() {
    return Policies.logging(Decision.FAIL_REQUEST);
  }

  /**
   * Logs the failure and carries on without the session (a fresh one at load, no save at commit).
   * Users lose their session silently from their point of view; choose this only knowingly.
   */
  static StoreErrorPolicy continueWithoutSession() {
    return Policies.logging(Decision.CONTINUE);
  }
}

final class Policies {
  private static final System.Logger LOG = System.getLogger("dev.sessioncheck.runtime.store");

  private Policies() {}

  static StoreErrorPolicy logging(StoreErrorPolicy.Decision decision) {
    return (error, phase) -> {
      LOG.log(
          System.Logger.Level.WARNING,
          "session store failed at " + phase + " (" + error.kind() + "): " + error.message()
              + "; decision " + decision,
          error.cause());
      return decision;
    };
  }
}

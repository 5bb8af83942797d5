package dev.sessioncheck.runtime;

/**
 * Thrown when a session is used after {@link Session#destroy()} or {@link
 * Session#regenerate(Carry)} ended it. The sessioncheck processor reports such uses at compile
 * time ({@code use-after-terminal}); this is the run-time backstop.
 */
public final class SessionDestroyedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Which operation ended the session. */
  public enum EndedBy {
    DESTROY("destroy()"),
    REGENERATE("regenerate()");

    private final String call;

    EndedBy(String call) {
      this.call = call;
    }

    /** The call as written, e.g. {@code destroy()}. */
    public String call() {
      return call;
    }
  }

  private final String sessionId;
  private final EndedBy endedBy;

  public SessionDestroyedException(String sessionId, EndedBy endedBy, String operation) {
    super(message(sessionId, endedBy, operation));
    this.sessionId = sessionId;
    this.endedBy = endedBy;
  }

  private static String message(String id, EndedBy endedBy, String operation) {
    String hint = endedBy == EndedBy.REGENERATE
        ? "; use the session that regenerate() returned"
        : "";
    return "Session has been destroyed: session " + id + " was ended by " + endedBy.call()
        + ", then " + operation + " was called on it" + hint;
  }

  /** The id of the ended session. */
  public String sessionId() {
    return sessionId;
  }

  public EndedBy endedBy() {
    return endedBy;
  }
}

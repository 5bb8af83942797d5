package dev.sessioncheck.runtime.http;

import java.util.List;

/**
 * What the {@link ResponseGate} asks of the session layer at the one moment it matters: just
 * before the first response header would go out. Kept apart from the core types so the gate's
 * timing rules can be tested on their own.
 */
@FunctionalInterface
interface CommitStep {

  /** Called at most once per exchange. May block on the store. */
  Outcome commit();

  /** Whether the handler's own response may go out, and with which Set-Cookie values. */
  sealed interface Outcome {
    /** The handler's response goes out, with these extra Set-Cookie header values. */
    record Send(List<String> setCookies) implements Outcome {
      public Send {
        setCookies = List.copyOf(setCookies);
      }
    }

    /** The handler's response is discarded and replaced by a 503 (FAIL_REQUEST policy). */
    record Refuse(String reason) implements Outcome {}
  }
}

package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;
import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link SessionManager#commit(Session, RequestInfo)}. */
@MustCheck
public sealed interface CommitResult permits CommitResult.Committed, CommitResult.Failed {

  /**
   * Saved or touched as configured (or nothing was needed).
   *
   * @param setCookieHeader the full value of one {@code Set-Cookie} header to add to the response,
   *     or empty when the cookie need not be (re)sent
   */
  record Committed(Optional<String> setCookieHeader) implements CommitResult {
    public Committed {
      Objects.requireNonNull(setCookieHeader, "setCookieHeader");
    }
  }

  /**
   * The store failed; nothing is to be sent for the cookie. The manager does not apply the {@link
   * StoreErrorPolicy}; the caller does.
   */
  record Failed(StoreError error) implements CommitResult {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}

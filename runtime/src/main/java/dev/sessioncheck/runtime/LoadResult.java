package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;
import java.util.Objects;

/** The outcome of {@link SessionManager#load(RequestInfo)}. */
@MustCheck
public sealed interface LoadResult permits LoadResult.Loaded, LoadResult.Failed {

  /** The request's session: the stored one its cookie names, or a new one. */
  record Loaded(Session session) implements LoadResult {
    public Loaded {
      Objects.requireNonNull(session, "session");
    }
  }

  /**
   * The store failed while loading the session the cookie names. The manager does not apply the
   * {@link StoreErrorPolicy}; the caller does (and on {@code CONTINUE} uses {@link
   * SessionManager#newSession(RequestInfo)}).
   */
  record Failed(StoreError error) implements LoadResult {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}

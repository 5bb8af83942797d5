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

    /**
     * The session the request is at now: {@link #session()}, or after {@code regenerate} its
     * replacement (whatever became of it since; the handler may have destroyed it). For code
     * that fetches the request's session again instead of keeping the one {@code regenerate}
     * returned; it is the session {@link SessionManager#commit(Loaded, RequestInfo)} commits.
     */
    public Session current() {
      return session.current();
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

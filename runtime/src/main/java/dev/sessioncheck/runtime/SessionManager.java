package dev.sessioncheck.runtime;

import dev.sessioncheck.runtime.cookie.CookieHeader;
import dev.sessioncheck.runtime.cookie.CookieSigner;
import dev.sessioncheck.runtime.cookie.SetCookie;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the session a request's cookie names and commits it at the end of the request: the part
 * of express-session's middleware that is not HTTP plumbing. Thread-safe; one per application.
 *
 * <h2>What commit does (express-session semantics, and where ours differs)</h2>
 *
 * <ul>
 *   <li><b>Destroyed</b>: nothing is written; if the request carried a session cookie, the
 *       response clears it ({@code Expires} in 1970). (express leaves the cookie in place.)
 *   <li><b>Regenerated</b>: the replacement is saved (CREATE) and its cookie sent, even if empty,
 *       as express does.
 *   <li><b>New, never saved</b>: saved and its cookie sent if it has attributes or {@code
 *       saveUninitialized} is on; otherwise nothing at all (no store entry, no cookie).
 *   <li><b>New, saved explicitly during the request</b>: changes since are written and the cookie
 *       is sent. (express would not send the cookie unless the session was modified.)
 *   <li><b>Existing</b>: the cookie expiry and the idle clock restart (express: {@code touch()}).
 *       If attributes changed, or {@code resave} is on, the changed attributes are written
 *       (UPDATE); otherwise the store is touched. The cookie is sent if {@code rolling} is on, or
 *       the cookie has a max-age and the session changed, or {@link
 *       Session#setCookieMaxAge(Duration)} was called, or the request's cookie was signed with an
 *       older secret (it is re-signed with the current one; express does not do this).
 *   <li>A write or touch that finds the record gone (destroyed by a concurrent request, or
 *       expired) does not re-create it; the cookie is cleared.
 *   <li>With {@link SessionConfig.Secure#ON} on a request that is not HTTPS, the cookie is not
 *       sent (as express); the store is still written.
 * </ul>
 *
 * <p>Store failures are returned as values ({@link LoadResult.Failed}, {@link
 * CommitResult.Failed}); the manager does not consult the {@link StoreErrorPolicy} — the caller
 * (the HTTP integration) does.
 */
public final class SessionManager implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.sessioncheck.runtime");
  private final SessionConfig config;

  public SessionManager(SessionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public SessionConfig config() {
    return config;
  }

  /**
   * The request's session. Never throws for bad cookies: a missing, malformed, unsigned or forged
   * cookie, an unknown id or an expired session all give a new session. Of several cookies with
   * the configured name, the first one with a valid signature is used.
   */
  public LoadResult load(RequestInfo request) {
    List<String> values = CookieHeader.values(request.cookieHeaders(), config.cookieName());
    boolean hadCookie = !values.isEmpty();
    for (String raw : values) {
      Optional<CookieSigner.Verified> verified = config.signer().verify(raw);
      if (verified.isEmpty()) {
        continue;
      }
      Optional<String> id = verified.map(CookieSigner.Verified::sessionId);
      StoreResult<Optional<SessionRecord>> r = config.store().load(id.get());
      if (r instanceof StoreResult.Failed<Optional<SessionRecord>> f) {
        return new LoadResult.Failed(f.error());
      }
      Optional<SessionRecord> found = r.orThrow();
      Instant now = now();
      if (found.isPresent() && !expired(found.get(), now)) {
        // A cookie signed with an older secret is re-signed with the current one on this response.
        return new LoadResult.Loaded(
            existing(id.get(), found.get(), now, verified.get().keyIndex() > 0));
      }
      if (found.isPresent()) {
        // Expired by our own clock before the store noticed: remove it. If that fails the record
        // stays expired (every later load sees the same deadline), so the request need not fail.
        StoreResult<WriteStatus> gone = config.store().destroy(id.get());
        gone.failure().ifPresent(e -> LOG.log(System.Logger.Level.DEBUG,
            "could not remove an expired session: " + e));
      }
      break;
    }
    return new LoadResult.Loaded(fresh(hadCookie));
  }

  /**
   * A new session for the request, ignoring its cookie: what the HTTP layer uses when the policy
   * says {@link StoreErrorPolicy.Decision#CONTINUE} after a failed load.
   */
  public Session newSession(RequestInfo request) {
    return fresh(!CookieHeader.values(request.cookieHeaders(), config.cookieName()).isEmpty());
  }

  /**
   * {@link #commit(Session, RequestInfo)} for the session that {@code loaded} handed out. Code
   * that drives the manager itself should commit through the load handle: the handler may have
   * ended the session (destroy, regenerate), and passing an ended session on is what the checker
   * reports, while the handle is a different object that nothing has ended.
   */
  public CommitResult commit(LoadResult.Loaded loaded, RequestInfo request) {
    return commit(loaded.session(), request);
  }

  /**
   * Saves or touches the session the request ended with (following {@link
   * Session#regenerate(Carry)} to the replacement) and answers the {@code Set-Cookie} to send.
   * See the class comment for the rules. Call once per request, before the response headers go
   * out.
   */
  public CommitResult commit(Session session, RequestInfo request) {
    Session s = session.current();
    // Held for the whole commit so that a handler thread still touching the session cannot slip a
    // change between the snapshot that is written and the baseline that is recorded.
    synchronized (s) {
      return commitLocked(s, request);
    }
  }

  private CommitResult commitLocked(Session s, RequestInfo request) {
    boolean sendCookie = config.secure() != SessionConfig.Secure.ON || config.isSecureRequest(request);
    if (s.isEnded()) {
      return new CommitResult.Committed(
          s.requestHadCookie() && sendCookie ? Optional.of(clearCookie(request)) : Optional.empty());
    }
    Instant now = now();
    if (!s.persisted()) {
      boolean hasData = !s.allAttributes().isEmpty();
      if (!(hasData || config.saveUninitialized() || s.replacement() || s.cookieChanged())) {
        return new CommitResult.Committed(Optional.empty());
      }
      s.accessed(now);
      StoreResult<WriteStatus> r = write(s, request);
      if (r instanceof StoreResult.Failed<WriteStatus> f) {
        return new CommitResult.Failed(f.error());
      }
      return new CommitResult.Committed(
          sendCookie ? Optional.of(cookie(s, request)) : Optional.empty());
    }
    boolean modified = !s.changedAttributes().isEmpty() || !s.removedAttributes().isEmpty();
    s.accessed(now);
    StoreResult<WriteStatus> r;
    if (modified || config.resave() || !s.fromStore()) {
      r = write(s, request);
    } else {
      r = config.store().touch(s.id(), new SessionTouch(storedCookie(s, request), now, deadline(s)));
    }
    if (r instanceof StoreResult.Failed<WriteStatus> f) {
      return new CommitResult.Failed(f.error());
    }
    if (r.orThrow() == WriteStatus.NOT_FOUND) {
      return new CommitResult.Committed(
          s.requestHadCookie() && sendCookie ? Optional.of(clearCookie(request)) : Optional.empty());
    }
    boolean cookieNeeded = !s.fromStore()
        || config.rolling()
        || s.cookieChanged()
        || (modified && s.maxAge().isPresent());
    return new CommitResult.Committed(
        cookieNeeded && sendCookie ? Optional.of(cookie(s, request)) : Optional.empty());
  }

  /** Closes the store if {@link SessionConfig.Builder#build()} created it. */
  @Override
  public void close() {
    if (config.ownsStore() && config.store() instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the session store failed", e);
      }
    }
  }

  // ---- internals shared with Session -----------------------------------------------------------

  /** The clock's time, to the millisecond (what the stored form keeps). */
  Instant now() {
    return config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Whether a stored record is past its idle, absolute or cookie deadline at {@code now}. */
  boolean expired(SessionRecord record, Instant now) {
    Optional<Instant> lastAccess = record.lastAccess();
    if (config.idleTimeout().isPresent() && lastAccess.isPresent()
        && !now.isBefore(lastAccess.get().plus(config.idleTimeout().get()))) {
      return true;
    }
    Optional<Instant> created = record.created();
    if (config.absoluteTimeout().isPresent() && created.isPresent()
        && !now.isBefore(created.get().plus(config.absoluteTimeout().get()))) {
      return true;
    }
    Optional<Instant> cookieExpires = record.cookie().expires();
    return cookieExpires.isPresent() && !now.isBefore(cookieExpires.get());
  }

  /**
   * Writes {@code s}: CREATE if the store does not hold it yet, else UPDATE with the changes.
   * {@code request} is null when called by {@link Session#save()} (then the access time is now,
   * and an AUTO {@code secure} flag is stored as unknown).
   */
  StoreResult<WriteStatus> write(Session s, RequestInfo request) {
    if (request == null) {
      s.accessed(now());
    }
    boolean create = !s.persisted();
    SessionWrite w = new SessionWrite(
        create ? SessionWrite.Mode.CREATE : SessionWrite.Mode.UPDATE,
        storedCookie(s, request),
        s.created(),
        s.lastAccess(),
        create ? s.allAttributes() : s.changedAttributes(),
        create ? Set.of() : s.removedAttributes(),
        deadline(s));
    StoreResult<WriteStatus> r = config.store().save(s.id(), w);
    if (r.ok() && r.orThrow() == WriteStatus.DONE) {
      s.written(s.lastAccess());
    }
    return r;
  }

  /** The replacement created by {@link Session#regenerate(Carry)}. */
  Session replacement(
      Session old, boolean requestHadCookie, Map<String, Object> attributes,
      Optional<Duration> maxAge) {
    Instant now = now();
    return new Session(this, newId(), requestHadCookie, false, true, now, now, maxAge,
        maxAge.map(now::plus), attributes);
  }

  private Session fresh(boolean requestHadCookie) {
    Instant now = now();
    Optional<Duration> maxAge = config.maxAge();
    return new Session(this, newId(), requestHadCookie, false, false, now, now, maxAge,
        maxAge.map(now::plus), Map.of());
  }

  private Session existing(String id, SessionRecord record, Instant now, boolean resign) {
    Optional<Duration> maxAge = record.cookie().originalMaxAgeMillis()
        .filter(ms -> ms > 0)
        .map(Duration::ofMillis);
    // A record written by Node has no creation time: its age counts from now.
    Instant created = record.created().orElse(now);
    Session s = new Session(this, id, true, true, false, created, now, maxAge,
        maxAge.map(now::plus), record.attributes());
    if (resign) {
      s.cookieNeedsSending();
    }
    return s;
  }

  private String newId() {
    String id = config.idGenerator().get();
    if (id == null || id.isEmpty()) {
      throw new IllegalStateException("the configured idGenerator returned an empty id");
    }
    return id;
  }

  /** When the store may forget the record: the earliest of cookie expiry, idle and absolute deadlines. */
  private Optional<Instant> deadline(Session s) {
    Instant best = null;
    if (s.expires().isPresent()) {
      best = s.expires().get();
    }
    if (config.idleTimeout().isPresent()) {
      best = min(best, s.lastAccess().plus(config.idleTimeout().get()));
    }
    if (config.absoluteTimeout().isPresent()) {
      best = min(best, s.created().plus(config.absoluteTimeout().get()));
    }
    return Optional.ofNullable(best);
  }

  private static Instant min(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private StoredCookie storedCookie(Session s, RequestInfo request) {
    Optional<Boolean> secure = switch (config.secure()) {
      case ON -> Optional.of(true);
      case OFF -> Optional.of(false);
      case AUTO -> request == null ? Optional.empty() : Optional.of(config.isSecureRequest(request));
    };
    return new StoredCookie(
        s.maxAge().map(Duration::toMillis),
        s.expires(),
        secure,
        config.httpOnly(),
        config.domain(),
        config.path(),
        Optional.of(config.sameSite().attribute().toLowerCase(java.util.Locale.ROOT)),
        config.partitioned(),
        config.priority().map(p -> p.attribute().toLowerCase(java.util.Locale.ROOT)));
  }

  private boolean secureAttribute(RequestInfo request) {
    return switch (config.secure()) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> config.isSecureRequest(request);
    };
  }

  private String cookie(Session s, RequestInfo request) {
    return new SetCookie(
        config.cookieName(),
        config.signer().cookieValue(s.id()),
        config.domain(),
        Optional.of(config.path()),
        s.expires(),
        config.httpOnly(),
        secureAttribute(request),
        Optional.of(config.sameSite().attribute()),
        config.partitioned(),
        config.priority().map(SessionConfig.Priority::attribute)).format();
  }

  private String clearCookie(RequestInfo request) {
    return new SetCookie(
        config.cookieName(),
        "",
        config.domain(),
        Optional.of(config.path()),
        Optional.of(Instant.EPOCH),
        config.httpOnly(),
        secureAttribute(request),
        Optional.of(config.sameSite().attribute()),
        config.partitioned(),
        config.priority().map(SessionConfig.Priority::attribute)).format();
  }
}

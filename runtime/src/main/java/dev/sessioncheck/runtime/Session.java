package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;
import dev.sessioncheck.annotations.TerminalOp;
import dev.sessioncheck.runtime.json.JsonValues;
import dev.sessioncheck.runtime.json.SessionJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One user's session, as seen by one request. Obtained from {@link SessionManager#load(RequestInfo)}
 * (the HTTP integration passes it to the handler).
 *
 * <p><b>Attributes</b> hold JSON-compatible values only (see {@link JsonValues}); {@link
 * #set(String, Object)} rejects anything else at once, naming the attribute and the type. Values
 * are stored as deep unmodifiable copies: to change a list or map, build a new one and {@code set}
 * it — that is also how the session knows what this request changed (only changed attributes are
 * written back; see {@link SessionWrite}).
 *
 * <p><b>Store operations</b> come in a result form ({@link MustCheck}: the result must be looked
 * at) and a callback form (the callback must read its error parameter). {@link #destroy()} and
 * {@link #regenerate(Carry)} end this object ({@link TerminalOp}): afterwards every method except
 * {@link #id()} (and {@code toString}/{@code equals}/{@code hashCode}) throws {@link
 * SessionDestroyedException}. The sessioncheck processor reports such uses at compile time.
 *
 * <p>A session belongs to one request; its methods are synchronized so that a handler handing it
 * to another thread does not corrupt it, but concurrent requests each get their own object.
 */
public final class Session {
  /**
   * Attribute names that would clash with the stored form or with Node's {@code Session} object
   * when the store is shared with an express app.
   */
  static final Set<String> RESERVED = Set.of(
      "cookie", SessionJson.META_KEY, "id", "req", "touch", "resetMaxAge", "save", "reload",
      "regenerate", "destroy");

  private final SessionManager manager;
  private final String id;
  /** Whether the request arrived with a session cookie of this manager (any value). */
  private final boolean requestHadCookie;
  /** Whether the record was loaded from the store (the client holds this id's cookie). */
  private final boolean fromStore;
  /** Whether the record exists in the store as far as this object knows. */
  private boolean persisted;
  /** A regenerated session's replacement must be saved and its cookie sent. */
  private final boolean replacement;

  private Instant created;
  private Instant lastAccess;
  private Optional<Duration> maxAge;
  private Optional<Instant> expires;
  private boolean cookieChanged;

  /** The attributes as last read from or written to the store. */
  private Map<String, Object> baseline;
  private final Map<String, Object> attributes;

  // volatile: current() walks other sessions' successors without holding their locks
  private volatile SessionDestroyedException.EndedBy endedBy;
  private volatile Session successor;

  Session(
      SessionManager manager,
      String id,
      boolean requestHadCookie,
      boolean fromStore,
      boolean replacement,
      Instant created,
      Instant lastAccess,
      Optional<Duration> maxAge,
      Optional<Instant> expires,
      Map<String, Object> attributes) {
    this.manager = manager;
    this.id = id;
    this.requestHadCookie = requestHadCookie;
    this.fromStore = fromStore;
    this.persisted = fromStore;
    this.replacement = replacement;
    this.created = created;
    this.lastAccess = lastAccess;
    this.maxAge = maxAge;
    this.expires = expires;
    this.baseline = fromStore ? new LinkedHashMap<>(attributes) : new LinkedHashMap<>();
    this.attributes = new LinkedHashMap<>(attributes);
  }

  // ---- identity, allowed after the end ---------------------------------------------------------

  /** The session id. Stays legal after {@link #destroy()} / {@link #regenerate(Carry)}. */
  public String id() {
    return id;
  }

  // ---- state -----------------------------------------------------------------------------------

  /** True when no stored session was found for this request, so this one was created for it. */
  public synchronized boolean isNew() {
    check("isNew()");
    return !fromStore;
  }

  /** When the session was created (the absolute timeout counts from here). */
  public synchronized Instant createdAt() {
    check("createdAt()");
    return created;
  }

  /** The start of this request, or the last {@link #touch()} (the idle timeout counts from here). */
  public synchronized Instant lastAccessedAt() {
    check("lastAccessedAt()");
    return lastAccess;
  }

  /** A snapshot of the cookie: configured attributes and this session's expiry. */
  public synchronized SessionCookie cookie() {
    check("cookie()");
    SessionConfig c = manager.config();
    return new SessionCookie(c.cookieName(), c.path(), c.domain(), c.httpOnly(), c.secure(),
        c.sameSite(), c.partitioned(), c.priority(), maxAge, expires);
  }

  /**
   * Changes this session's cookie lifetime (e.g. "remember me"); {@code null} makes it a
   * browser-session cookie. The expiry restarts now and the cookie is sent with this response.
   */
  public synchronized void setCookieMaxAge(Duration maxAge) {
    check("setCookieMaxAge()");
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException("cookie maxAge must be positive, got " + maxAge);
    }
    this.maxAge = Optional.ofNullable(maxAge);
    this.expires = this.maxAge.map(m -> manager.now().plus(m));
    this.cookieChanged = true;
  }

  /**
   * Marks the session as used now: the idle timeout and, for a cookie with a max-age, the cookie
   * expiry restart from now (express: {@code session.touch()}). Nothing is written until the
   * request commits (which touches the store anyway).
   */
  public synchronized void touch() {
    check("touch()");
    Instant now = manager.now();
    lastAccess = now;
    expires = maxAge.map(now::plus);
  }

  // ---- attributes ------------------------------------------------------------------------------

  /**
   * The value of an attribute, or {@code null}. Typed by the caller's target ({@code String user
   * = session.get("user")}); a wrong target type fails with {@link ClassCastException} there.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T get(String name) {
    check("get()");
    return (T) attributes.get(name);
  }

  /**
   * The value of an attribute if present and of {@code type}; empty when absent or {@code null}.
   *
   * @throws ClassCastException when present with another type, naming both
   */
  public synchronized <T> Optional<T> get(String name, Class<T> type) {
    check("get()");
    Object v = attributes.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!type.isInstance(v)) {
      throw new ClassCastException("session attribute '" + name + "' is a "
          + v.getClass().getName() + ", not a " + type.getName());
    }
    return Optional.of(type.cast(v));
  }

  /** Whether the attribute is present (possibly with a {@code null} value). */
  public synchronized boolean has(String name) {
    check("has()");
    return attributes.containsKey(name);
  }

  /**
   * Sets an attribute to a deep unmodifiable copy of {@code value}.
   *
   * @throws IllegalArgumentException if the value is not JSON-compatible (the message names the
   *     attribute, where inside it the problem is and the offending type) or the name is reserved
   */
  public synchronized void set(String name, Object value) {
    check("set()");
    checkName(name);
    attributes.put(name, JsonValues.copy(name, value));
  }

  /** Removes an attribute (no effect if absent). */
  public synchronized void remove(String name) {
    check("remove()");
    Objects.requireNonNull(name, "name");
    attributes.remove(name);
  }

  /** The attribute names, in insertion order (a snapshot). */
  public synchronized Set<String> attributeNames() {
    check("attributeNames()");
    return Collections.unmodifiableSet(new LinkedHashSet<>(attributes.keySet()));
  }

  /** All attributes (a snapshot; the values are unmodifiable). */
  public synchronized Map<String, Object> attributes() {
    check("attributes()");
    return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "attribute name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("session attribute name must not be empty");
    }
    if (RESERVED.contains(name)) {
      throw new IllegalArgumentException("session attribute name '" + name + "' is reserved "
          + "(it clashes with the stored form or with express-session's Session): " + RESERVED);
    }
  }

  // ---- store operations, result form -----------------------------------------------------------

  /**
   * Writes the session to the store now (express: {@code session.save()}); the request's commit
   * then writes only what changes after this. A session whose record was destroyed meanwhile is
   * not re-created: {@link StoreError.Kind#CONFLICT}.
   */
  @MustCheck
  public synchronized SaveResult save() {
    check("save()");
    StoreResult<WriteStatus> r = manager.write(this, null);
    if (r instanceof StoreResult.Failed<WriteStatus> f) {
      return new SaveResult.Failed(f.error());
    }
    if (r.orThrow() == WriteStatus.NOT_FOUND) {
      return new SaveResult.Failed(StoreError.of(StoreError.Kind.CONFLICT, "session " + id
          + " is no longer in the store (destroyed or expired meanwhile); not re-created"));
    }
    return new SaveResult.Saved();
  }

  /**
   * Removes the session from the store and ends this object; the response clears the cookie.
   * Afterwards only {@link #id()} may be called.
   */
  @MustCheck
  @TerminalOp(allowAfter = {"id"})
  public synchronized DestroyResult destroy() {
    check("destroy()");
    endedBy = SessionDestroyedException.EndedBy.DESTROY;
    if (!persisted) {
      return new DestroyResult.Destroyed();
    }
    StoreResult<WriteStatus> r = manager.config().store().destroy(id);
    if (r instanceof StoreResult.Failed<WriteStatus> f) {
      return new DestroyResult.Failed(f.error());
    }
    persisted = false;
    return new DestroyResult.Destroyed();
  }

  /**
   * Replaces this session with a new one under a new id (do it at login, against session
   * fixation): removes the old record, ends this object and returns the new session, which the
   * request commits. {@code carry} decides whether the attributes come along. Afterwards only
   * {@link #id()} may be called on this object.
   */
  @MustCheck
  @TerminalOp(allowAfter = {"id"})
  public synchronized RegenerateResult regenerate(Carry carry) {
    check("regenerate()");
    Objects.requireNonNull(carry, "carry");
    StoreResult<WriteStatus> removed =
        persisted ? manager.config().store().destroy(id) : StoreResult.ok(WriteStatus.NOT_FOUND);
    Session next = manager.replacement(
        this, requestHadCookie, carry == Carry.KEEP_DATA ? attributes : Map.of(), maxAge);
    endedBy = SessionDestroyedException.EndedBy.REGENERATE;
    successor = next;
    if (removed instanceof StoreResult.Failed<WriteStatus> f) {
      return new RegenerateResult.Failed(f.error(), next);
    }
    persisted = false;
    return new RegenerateResult.Regenerated(next);
  }

  /**
   * Re-reads the session from the store, replacing this object's attributes and expiry (express:
   * {@code session.reload()}). Tells apart a reloaded session, a record that is gone, and a store
   * failure; in the last two cases this object is unchanged.
   */
  @MustCheck
  public synchronized ReloadResult reload() {
    check("reload()");
    if (!persisted) {
      return new ReloadResult.NotFound(id);
    }
    StoreResult<Optional<SessionRecord>> r = manager.config().store().load(id);
    if (r instanceof StoreResult.Failed<Optional<SessionRecord>> f) {
      return new ReloadResult.StoreFailure(f.error());
    }
    Optional<SessionRecord> found = r.orThrow();
    if (found.isEmpty() || manager.expired(found.get(), manager.now())) {
      return new ReloadResult.NotFound(id);
    }
    SessionRecord rec = found.get();
    attributes.clear();
    attributes.putAll(rec.attributes());
    baseline = new LinkedHashMap<>(rec.attributes());
    rec.created().ifPresent(c -> created = c);
    maxAge = rec.cookie().originalMaxAgeMillis().map(Duration::ofMillis);
    expires = rec.cookie().expires();
    return new ReloadResult.Reloaded();
  }

  // ---- store operations, callback form ---------------------------------------------------------

  /** {@link #save()}, then {@code callback} with {@code null} or the error. */
  public void save(SaveCallback callback) {
    Objects.requireNonNull(callback, "callback");
    SaveResult r = save();
    callback.done(r instanceof SaveResult.Failed f ? f.error() : null);
  }

  /** {@link #destroy()}, then {@code callback} (this object is already ended when it runs). */
  @TerminalOp(allowAfter = {"id"})
  public void destroy(DestroyCallback callback) {
    Objects.requireNonNull(callback, "callback");
    DestroyResult r = destroy();
    callback.done(r instanceof DestroyResult.Failed f ? f.error() : null);
  }

  /**
   * {@link #regenerate(Carry)} with {@link Carry#DROP_DATA}, as express-session does; the callback
   * receives the new session.
   */
  @TerminalOp(allowAfter = {"id"})
  public void regenerate(RegenerateCallback callback) {
    regenerate(Carry.DROP_DATA, callback);
  }

  /** {@link #regenerate(Carry)}, then {@code callback} with the error (or null) and the new session. */
  @TerminalOp(allowAfter = {"id"})
  public void regenerate(Carry carry, RegenerateCallback callback) {
    Objects.requireNonNull(callback, "callback");
    RegenerateResult r = regenerate(carry);
    if (r instanceof RegenerateResult.Failed f) {
      callback.done(f.error(), f.session());
    } else {
      callback.done(null, ((RegenerateResult.Regenerated) r).session());
    }
  }

  /** {@link #reload()}, then {@code callback} with {@code null} or the problem (not found / store failure). */
  public void reload(ReloadCallback callback) {
    Objects.requireNonNull(callback, "callback");
    ReloadResult r = reload();
    callback.done(r instanceof ReloadResult.Problem p ? p : null);
  }

  // ---- for the manager -------------------------------------------------------------------------

  private void check(String operation) {
    if (endedBy != null) {
      throw new SessionDestroyedException(id, endedBy, operation);
    }
  }

  /** The session this request ended with: follows regenerate; may be ended by destroy. */
  synchronized Session current() {
    Session s = this;
    while (s.successor != null) {
      s = s.successor;
    }
    return s;
  }

  synchronized boolean isEnded() {
    return endedBy != null;
  }

  synchronized SessionDestroyedException.EndedBy endedBy() {
    return endedBy;
  }

  boolean requestHadCookie() {
    return requestHadCookie;
  }

  boolean fromStore() {
    return fromStore;
  }

  boolean replacement() {
    return replacement;
  }

  synchronized boolean persisted() {
    return persisted;
  }

  /** The response must carry the cookie even if nothing else changes. */
  synchronized void cookieNeedsSending() {
    cookieChanged = true;
  }

  synchronized boolean cookieChanged() {
    return cookieChanged;
  }

  synchronized Instant created() {
    return created;
  }

  synchronized Instant lastAccess() {
    return lastAccess;
  }

  synchronized Optional<Duration> maxAge() {
    return maxAge;
  }

  synchronized Optional<Instant> expires() {
    return expires;
  }

  /** The attributes set (to a value different from the baseline) since the last load/write. */
  synchronized Map<String, Object> changedAttributes() {
    Map<String, Object> changed = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (!baseline.containsKey(e.getKey())
          || !Objects.equals(baseline.get(e.getKey()), e.getValue())) {
        changed.put(e.getKey(), e.getValue());
      }
    }
    return changed;
  }

  /** The attributes removed since the last load/write. */
  synchronized Set<String> removedAttributes() {
    Set<String> removed = new LinkedHashSet<>();
    for (String k : baseline.keySet()) {
      if (!attributes.containsKey(k)) {
        removed.add(k);
      }
    }
    return removed;
  }

  synchronized Map<String, Object> allAttributes() {
    return new LinkedHashMap<>(attributes);
  }

  /** After a successful write: the store now holds what this object holds. */
  synchronized void written(Instant at) {
    persisted = true;
    baseline = new LinkedHashMap<>(attributes);
    lastAccess = at;
  }

  /** Accessed at {@code at} (commit time): idle and cookie expiry restart, as express does. */
  synchronized void accessed(Instant at) {
    lastAccess = at;
    expires = maxAge.map(at::plus);
  }

  @Override
  public String toString() {
    SessionDestroyedException.EndedBy by;
    synchronized (this) {
      by = endedBy;
    }
    return "Session[" + id + (fromStore ? "" : ", new")
        + (by == null ? "" : ", ended by " + by.call()) + "]";
  }
}

package dev.sessioncheck.runtime;

import java.util.List;
import java.util.Optional;

/**
 * Where sessions live between requests. Implementations must be thread-safe, must never throw for
 * their own failures (return {@link StoreResult.Failed} with a {@link StoreError} instead) and must
 * never use Java serialisation for stored data. Optional capabilities are the nested interfaces;
 * test for them with {@code instanceof}.
 */
public interface SessionStore {

  /**
   * The record stored under {@code id}; {@code Ok(Optional.empty())} when there is none (or it has
   * expired) — not finding a session is not an error. A record that cannot be decoded is {@link
   * StoreError.Kind#CORRUPT}.
   */
  StoreResult<Optional<SessionRecord>> load(String id);

  /**
   * Writes a session; see {@link SessionWrite} for the CREATE / UPDATE contract (UPDATE merges the
   * changed attributes atomically and never re-creates a missing record: {@link
   * WriteStatus#NOT_FOUND}).
   */
  StoreResult<WriteStatus> save(String id, SessionWrite write);

  /** Renews an existing record's cookie, last access and expiry; {@link WriteStatus#NOT_FOUND} if absent. */
  StoreResult<WriteStatus> touch(String id, SessionTouch touch);

  /** Removes a record; {@link WriteStatus#NOT_FOUND} (a success) if there was none. */
  StoreResult<WriteStatus> destroy(String id);

  /** A store that can list its session ids (express: {@code store.all}). */
  interface Listable extends SessionStore {
    StoreResult<List<String>> ids();
  }

  /** A store that can remove every session (express: {@code store.clear}); answers how many. */
  interface Clearable extends SessionStore {
    StoreResult<Long> clear();
  }

  /** A store that can count its sessions (express: {@code store.length}). */
  interface Counting extends SessionStore {
    StoreResult<Long> count();
  }
}

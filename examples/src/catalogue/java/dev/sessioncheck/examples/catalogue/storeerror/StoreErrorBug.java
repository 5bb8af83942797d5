/*
 * Catalogue: store-error (the bug)
 *
 * Failure: a session store that fails, and code that never hears of it. With express-session and
 * connect-redis, a Redis outage gives requests no session at all ("Cannot read properties of
 * undefined (reading 'user')"), and code that calls the store itself, `store.destroy(sid)` with
 * no callback, loses the error entirely. Here the HTTP integration handles store failures of the
 * request's own session (503 by default, see StoreErrorPolicy); what is left is code that talks
 * to a SessionStore directly. Every store operation returns a StoreResult, which is @MustCheck.
 *
 * At run time without the checker: "log out everywhere" (after a password reset, say) reports
 * success while the store refused the deletes, so a stolen session stays valid; a migration to a
 * new store reports every session copied while some were not, and those users are logged out
 * when the old store is switched off.
 *
 * Fix: StoreErrorFixed looks at every StoreResult: it counts the failures, reports them to the
 * caller and says which sessions are still alive.
 */
package dev.sessioncheck.examples.catalogue.storeerror;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class StoreErrorBug {
  private StoreErrorBug() {}

  /** Ends every session of a user, e.g. after a password reset; answers how many. */
  static int logOutEverywhere(SessionStore store, List<String> sessionIds) {
    for (String id : sessionIds) {
      store.destroy(id); // expect: unchecked-result
    }
    return sessionIds.size();
  }

  /** Copies sessions to a new store before the old one is switched off; answers how many. */
  static int migrate(SessionStore from, SessionStore to, List<String> sessionIds) {
    int copied = 0;
    for (String id : sessionIds) {
      StoreResult<Optional<SessionRecord>> loaded = from.load(id);
      Optional<SessionRecord> found = loaded.orThrow();
      if (found.isPresent()) {
        to.save(id, create(found.get())); // expect: unchecked-result
        copied++;
      }
    }
    return copied;
  }

  private static SessionWrite create(SessionRecord record) {
    Instant now = Instant.now();
    return new SessionWrite(
        SessionWrite.Mode.CREATE,
        record.cookie(),
        record.created().orElse(now),
        record.lastAccess().orElse(now),
        record.attributes(),
        Set.of(),
        record.cookie().expires());
  }
}

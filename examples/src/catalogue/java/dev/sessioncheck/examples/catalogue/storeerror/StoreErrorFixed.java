/*
 * Catalogue: store-error (the fix)
 *
 * Failure: a session store that fails, and code that never hears of it (express-session with a
 * store that is down; `store.destroy(sid)` called without a callback).
 *
 * At run time: every StoreResult is looked at, so a failed delete or copy is counted and
 * reported instead of passing for a success.
 *
 * Fix: "log out everywhere" answers the ids it could not remove, so the caller can say so and
 * retry; the migration stops at the first failure and answers what was copied, so the old store is
 * not switched off while it still holds the only copy of a session.
 */
package dev.sessioncheck.examples.catalogue.storeerror;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class StoreErrorFixed {
  private StoreErrorFixed() {}

  /** Ends every session of a user; answers the ids that may still be valid (empty = all ended). */
  static List<String> logOutEverywhere(SessionStore store, List<String> sessionIds) {
    List<String> stillAlive = new ArrayList<>();
    for (String id : sessionIds) {
      StoreResult<WriteStatus> removed = store.destroy(id);
      if (!removed.ok()) {
        stillAlive.add(id);
      }
    }
    return stillAlive;
  }

  /** The outcome of a migration: how many sessions were copied, and the failure that stopped it. */
  record Migration(int copied, Optional<StoreError> stoppedBy) {}

  /** Copies sessions to a new store; stops at the first store failure, on either side. */
  static Migration migrate(SessionStore from, SessionStore to, List<String> sessionIds) {
    int copied = 0;
    for (String id : sessionIds) {
      StoreResult<Optional<SessionRecord>> loaded = from.load(id);
      if (loaded instanceof StoreResult.Failed<Optional<SessionRecord>> failed) {
        return new Migration(copied, Optional.of(failed.error()));
      }
      Optional<SessionRecord> found = loaded.orThrow();
      if (found.isEmpty()) {
        continue; // expired or logged out meanwhile: nothing to copy
      }
      StoreResult<WriteStatus> saved = to.save(id, create(found.get()));
      if (saved instanceof StoreResult.Failed<WriteStatus> failed) {
        return new Migration(copied, Optional.of(failed.error()));
      }
      copied++;
    }
    return new Migration(copied, Optional.empty());
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

package dev.sessioncheck.runtime.soak;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentest4j.AssertionFailedError;
import org.junit.jupiter.api.Test;

/** The soak's books catch what they are meant to: a store that drops writes, one that resurrects. */
class HttpSoakSelfTest {
  /** A MemoryStore with one defect switched on. */
  private static final class Broken implements SessionStore {
    final MemoryStore real = new MemoryStore();
    final boolean dropsUpdates;
    final boolean keepsDestroyed;
    final AtomicInteger updates = new AtomicInteger();

    Broken(boolean dropsUpdates, boolean keepsDestroyed) {
      this.dropsUpdates = dropsUpdates;
      this.keepsDestroyed = keepsDestroyed;
    }

    @Override
    public StoreResult<Optional<SessionRecord>> load(String id) {
      return real.load(id);
    }

    @Override
    public StoreResult<WriteStatus> save(String id, SessionWrite write) {
      // Every 5th UPDATE answers DONE without writing: an acknowledged write lost.
      if (dropsUpdates && write.mode() == SessionWrite.Mode.UPDATE
          && updates.incrementAndGet() % 5 == 0) {
        return StoreResult.ok(WriteStatus.DONE);
      }
      return real.save(id, write);
    }

    @Override
    public StoreResult<WriteStatus> touch(String id, SessionTouch touch) {
      return real.touch(id, touch);
    }

    @Override
    public StoreResult<WriteStatus> destroy(String id) {
      // Answers DONE and keeps the record: a destroyed session that comes back.
      return keepsDestroyed ? StoreResult.ok(WriteStatus.DONE) : real.destroy(id);
    }
  }

  @Test
  void aStoreThatDropsAcknowledgedWritesIsCaught() throws Exception {
    Broken store = new Broken(true, false);
    try {
      HttpSoak.Figures f = HttpSoak.on("self-test: drops every 5th UPDATE", store)
          .duration(Duration.ofMillis(1500)).run();
      assertTrue(f.lost() > 0, f.toString());
      assertThrows(AssertionFailedError.class, f::assertClean);
    } finally {
      store.real.close();
    }
  }

  @Test
  void aStoreThatKeepsDestroyedSessionsIsCaught() throws Exception {
    Broken store = new Broken(false, true);
    try {
      HttpSoak.Figures f = HttpSoak.on("self-test: destroy keeps the record", store)
          .duration(Duration.ofMillis(1500)).run();
      assertTrue(f.resurrected() > 0, f.toString());
      assertThrows(AssertionFailedError.class, f::assertClean);
    } finally {
      store.real.close();
    }
  }
}

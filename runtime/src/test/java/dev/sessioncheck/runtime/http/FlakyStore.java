package dev.sessioncheck.runtime.http;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A store in front of a real one that fails the operations a test switches off. */
final class FlakyStore implements SessionStore {
  private final SessionStore real;
  volatile boolean failLoad;
  volatile boolean failSave;
  volatile boolean failTouch;
  volatile boolean failDestroy;
  /** Breaks the SPI contract (stores must not throw): a buggy store client. */
  volatile boolean throwOnLoad;
  /** Every save first sleeps this long: a commit that runs after the headers then loses the race. */
  volatile long saveDelayMillis;
  /** When set, every save first waits for it: lets a test order a save after another request. */
  volatile CountDownLatch saveGate;
  final AtomicInteger loads = new AtomicInteger();
  final AtomicInteger saves = new AtomicInteger();
  final AtomicInteger touches = new AtomicInteger();
  final AtomicInteger destroys = new AtomicInteger();

  FlakyStore(SessionStore real) {
    this.real = real;
  }

  private static <T> StoreResult<T> down(String op) {
    return new StoreResult.Failed<>(StoreError.of(StoreError.Kind.UNAVAILABLE, "test store down for " + op));
  }

  @Override
  public StoreResult<Optional<SessionRecord>> load(String id) {
    loads.incrementAndGet();
    if (throwOnLoad) {
      throw new IllegalStateException("store client bug");
    }
    return failLoad ? down("load") : real.load(id);
  }

  @Override
  public StoreResult<WriteStatus> save(String id, SessionWrite write) {
    saves.incrementAndGet();
    pause();
    return failSave ? down("save") : real.save(id, write);
  }

  private void pause() {
    try {
      CountDownLatch gate = saveGate;
      if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("save gate never opened");
      }
      if (saveDelayMillis > 0) {
        Thread.sleep(saveDelayMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public StoreResult<WriteStatus> touch(String id, SessionTouch touch) {
    touches.incrementAndGet();
    return failTouch ? down("touch") : real.touch(id, touch);
  }

  @Override
  public StoreResult<WriteStatus> destroy(String id) {
    destroys.incrementAndGet();
    return failDestroy ? down("destroy") : real.destroy(id);
  }
}

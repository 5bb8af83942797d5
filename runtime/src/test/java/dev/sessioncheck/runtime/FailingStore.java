package dev.sessioncheck.runtime;

import java.util.Optional;

/** Delegates to a real store, except the operations switched to fail with a given error. */
final class FailingStore implements SessionStore {
  final MemoryStore delegate;
  volatile StoreError loadError;
  volatile StoreError saveError;
  volatile StoreError touchError;
  volatile StoreError destroyError;

  FailingStore(MemoryStore delegate) {
    this.delegate = delegate;
  }

  void failAll(StoreError e) {
    loadError = e;
    saveError = e;
    touchError = e;
    destroyError = e;
  }

  @Override
  public StoreResult<Optional<SessionRecord>> load(String id) {
    StoreError e = loadError;
    return e != null ? StoreResult.failed(e) : delegate.load(id);
  }

  @Override
  public StoreResult<WriteStatus> save(String id, SessionWrite write) {
    StoreError e = saveError;
    return e != null ? StoreResult.failed(e) : delegate.save(id, write);
  }

  @Override
  public StoreResult<WriteStatus> touch(String id, SessionTouch touch) {
    StoreError e = touchError;
    return e != null ? StoreResult.failed(e) : delegate.touch(id, touch);
  }

  @Override
  public StoreResult<WriteStatus> destroy(String id) {
    StoreError e = destroyError;
    return e != null ? StoreResult.failed(e) : delegate.destroy(id);
  }
}

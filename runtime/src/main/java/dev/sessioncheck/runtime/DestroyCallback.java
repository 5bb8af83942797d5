package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;

/** Callback of {@link Session#destroy(DestroyCallback)}; the session is already ended when it runs. */
@FunctionalInterface
public interface DestroyCallback {
  /** @param error {@code null} if destroyed, else the failure (it must be read) */
  void done(@MustCheck StoreError error);
}

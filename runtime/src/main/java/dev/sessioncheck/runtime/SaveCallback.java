package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;

/** Callback of {@link Session#save(SaveCallback)}. */
@FunctionalInterface
public interface SaveCallback {
  /** @param error {@code null} if saved, else the failure (it must be read) */
  void done(@MustCheck StoreError error);
}

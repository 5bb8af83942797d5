package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;

/** Callback of {@link Session#reload(ReloadCallback)}. */
@FunctionalInterface
public interface ReloadCallback {
  /**
   * @param problem {@code null} if reloaded; else {@link ReloadResult.NotFound} (the record is
   *     gone) or {@link ReloadResult.StoreFailure} (the store failed). It must be read.
   */
  void done(@MustCheck ReloadResult.Problem problem);
}

package dev.sessioncheck.runtime;

import dev.sessioncheck.annotations.MustCheck;

/**
 * Callback of {@link Session#regenerate(RegenerateCallback)}; the old session is already ended when
 * it runs.
 */
@FunctionalInterface
public interface RegenerateCallback {
  /**
   * @param error {@code null} if the old record was removed, else the failure (it must be read)
   * @param session the new session (never {@code null}, also on failure)
   */
  void done(@MustCheck StoreError error, Session session);
}

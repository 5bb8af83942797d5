package dev.sessioncheck.runtime.soak;

import dev.sessioncheck.runtime.MemoryStore;
import org.junit.jupiter.api.Test;

/** {@link HttpSoak} on the embedded default store. */
class MemorySoakTest {
  @Test
  void manyClientsOnSharedSessionsLoseNothingAndResurrectNothing() throws Exception {
    try (MemoryStore store = new MemoryStore()) {
      HttpSoak.on("memory (MemoryStore)", store).run().assertClean();
    }
  }
}

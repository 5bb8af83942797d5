package dev.sessioncheck.examples;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.SessionConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The run-time half of the catalogue's missing-secret entry: a secret that is written but empty,
 * blank or null fails when the config is built (at startup), naming the secret. (That omitting it
 * does not compile is in {@link CatalogueTest}.)
 */
class MissingSecretTest {

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void aBlankSecretFailsAtBuild(String secret) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SessionConfig.builder(secret).build());
    assertTrue(e.getMessage().contains("secret must not be empty or blank"), e.getMessage());
  }

  @Test
  void aNullSecretFailsAtBuild() {
    // What MissingSecretFixed gets when SESSION_SECRET is unset.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SessionConfig.builder((String) null).build());
    assertTrue(e.getMessage().contains("secret must not be null"), e.getMessage());
  }

  @Test
  void aBlankOlderSecretFailsAtBuild() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SessionConfig.builder("the current secret", " ").build());
    assertTrue(e.getMessage().contains("secret #2"), e.getMessage());
  }

  @Test
  void anEmptyListOfSecretsFailsAtBuild() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SessionConfig.builder(List.<String>of()).build());
    assertTrue(e.getMessage().contains("secret must not be empty"), e.getMessage());
  }

  @Test
  void aListWithABlankSecretFailsAtBuild() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SessionConfig.builder(Arrays.asList("ok secret", "")).build());
    assertTrue(e.getMessage().contains("must not be empty or blank"), e.getMessage());
  }
}

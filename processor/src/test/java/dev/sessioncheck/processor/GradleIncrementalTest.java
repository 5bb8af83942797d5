package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.Test;

/**
 * Gradle treats a processor without {@code META-INF/gradle/incremental.annotation.processors} as
 * non-incremental and recompiles the whole source set on every change. The descriptor must ship in
 * the processor's own artifact (not the tests'), name the processor class and say {@code isolating}:
 * the checker generates nothing and judges each class from its own trees and the declarations they
 * reach.
 */
class GradleIncrementalTest {

  private static final String DESCRIPTOR = "META-INF/gradle/incremental.annotation.processors";

  /** Reads {@code path} from the artifact SessionCheckProcessor was loaded from, and only from it. */
  private static List<String> linesInProcessorArtifact(String path) throws IOException {
    URL artifact = SessionCheckProcessor.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader only = new URLClassLoader(new URL[] {artifact}, null)) {
      URL resource = only.findResource(path);
      assertTrue(resource != null, path + " is missing from " + artifact);
      try (InputStream in = resource.openStream()) {
        return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R"))
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .collect(Collectors.toList());
      }
    }
  }

  @Test
  void descriptorRegistersTheProcessorAsIsolating() throws Exception {
    assertEquals(
        List.of(SessionCheckProcessor.class.getName() + ",isolating"),
        linesInProcessorArtifact(DESCRIPTOR));
  }

  @Test
  void theNamedClassIsTheRegisteredProcessor() throws Exception {
    String named = linesInProcessorArtifact(DESCRIPTOR).get(0).split(",")[0];
    assertTrue(Processor.class.isAssignableFrom(Class.forName(named)), named);
    // Gradle only applies the category to processors javac discovers through the service file.
    assertTrue(
        linesInProcessorArtifact("META-INF/services/javax.annotation.processing.Processor").contains(named),
        "not in META-INF/services/javax.annotation.processing.Processor: " + named);
  }
}

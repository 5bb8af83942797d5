package dev.sessioncheck.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sessioncheck.examples.testing.Javac;
import dev.sessioncheck.examples.testing.Markers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's API leaves no way around its contracts: checking a result means looking at its
 * outcome, not merely touching it. Each marked line is an escape route that used to compile.
 */
class RuntimeContractsTest {

  private static final String SOURCE = String.join("\n",
      "import dev.sessioncheck.runtime.*;",
      "",
      "class Escapes {",
      "  void dropTheOutcome(Session session) {",
      "    session.save().ok(); // expect: unchecked-result",
      "    session.save().failure(); // expect: unchecked-result",
      "  }",
      "",
      "  void endWithoutLooking(Session session) {",
      "    session.destroy().ok(); // expect: unchecked-result",
      "  }",
      "",
      "  void regenerateAsStatement(Session session) {",
      "    session.regenerate(Carry.DROP_DATA); // expect: unchecked-result",
      "  }",
      "",
      "  Session onlyTheSuccessfulCaseYieldsTheNewSession(Session session) {",
      "    if (session.regenerate(Carry.DROP_DATA) instanceof RegenerateResult.Regenerated ok) {",
      "      return ok.session();",
      "    }",
      "    return null;",
      "  }",
      "",
      "  boolean lookedAt(Session session) {",
      "    return session.save().ok() && session.reload().ok();",
      "  }",
      "}",
      "");

  @Test
  void everyEscapeIsReportedAndTheCheckedFormsAreNot(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("Escapes.java");
    Files.writeString(file, SOURCE);
    Javac.Result result = Javac.withChecker(file, Files.createDirectories(dir.resolve("classes")));

    assertEquals(List.of(), result.others(), "the source must compile apart from sessioncheck");
    List<String> mismatches = Markers.mismatches(
        Markers.parse("Escapes.java", SOURCE.lines().toList()), result.sessioncheck());
    assertEquals(List.of(), mismatches, result.output());
  }
}

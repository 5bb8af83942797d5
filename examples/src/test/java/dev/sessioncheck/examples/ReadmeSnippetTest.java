package dev.sessioncheck.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's runtime snippet is the body of {@link QuickStart}, which every build compiles and
 * checks; this keeps the two from drifting apart, so the README never shows code that no longer
 * compiles or no longer passes the checker.
 */
class ReadmeSnippetTest {

  @Test
  void readmeShowsQuickStartVerbatim() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    String readme = Files.readString(root.resolve("README.md"));
    String quickStart = Files.readString(
        Path.of("src/main/java/dev/sessioncheck/examples/QuickStart.java"));

    List<String> fromSource = between(quickStart, "// --- README snippet begins ---",
        "// --- README snippet ends ---");
    String section = readme.substring(readme.indexOf("## The runtime in a dozen lines"));
    List<String> fromReadme = between(section, "```java", "```");

    assertTrue(fromSource.size() >= 5, "QuickStart lost its snippet markers");
    assertEquals(String.join("\n", fromSource), String.join("\n", fromReadme),
        "README.md's runtime snippet differs from QuickStart.java; copy it over");
  }

  /** The lines strictly between two marker lines, with the common indentation removed. */
  private static List<String> between(String text, String begin, String end) {
    List<String> lines = text.lines().collect(Collectors.toList());
    int from = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(begin)) {
        from = i + 1;
        break;
      }
    }
    int to = from;
    while (to >= 0 && to < lines.size() && !lines.get(to).strip().equals(end)) {
      to++;
    }
    if (from < 0 || to >= lines.size()) {
      return List.of();
    }
    List<String> body = lines.subList(from, to);
    int indent = body.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return body.stream().map(l -> l.isBlank() ? "" : l.substring(indent))
        .collect(Collectors.toList());
  }
}

package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Diag;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A file's findings come out in source order, whatever order the rules run in, so a reader goes
 * down the file once (javac prints diagnostics in the order they are reported).
 */
class DiagnosticOrderTest {

  @Test
  void findingsOfDifferentRulesArePrintedByLine() {
    CheckerHarness.Result r =
        CheckerHarness.sources(
                """
                import api.*;
                class Handler {
                  void run(Session s) {
                    s.save(err -> {}); // expect: unchecked-error
                    s.save(null); // expect: null-callback
                    s.save(); // expect: unchecked-result
                    Result r = s.destroy();
                    if (r.ok()) {
                      s.get("user"); // expect: use-after-terminal
                    }
                    s.save(); // expect: unchecked-result, use-after-terminal
                  }
                }
                """)
            .compile();
    r.assertMatchesMarkers();

    List<Long> lines =
        r.sessioncheck().stream().map(Diag::line).collect(Collectors.toList());
    assertEquals(List.of(4L, 5L, 6L, 9L, 11L, 11L), lines, "printed order: " + r.sessioncheck());
  }
}

package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The second door: {@code -Xplugin:SessionCheck} runs the same analysis without annotation
 * processing, so it also works under {@code -proc:none}. The plugin is found on the class path
 * through {@code META-INF/services/com.sun.source.util.Plugin}.
 */
class PluginTest {

  private static final String ALL_RULES =
      """
      import api.*;
      import dev.sessioncheck.annotations.MustCheck;
      class Everything {
        @MustCheck void flush() {} // expect: bad-annotation
        void run(Session s, Callback cb) {
          s.save(); // expect: unchecked-result
          s.save(err -> {}); // expect: unchecked-error
          s.save(null); // expect: null-callback
          s.destroy(cb);
          s.get("k"); // expect: use-after-terminal
        }
      }
      """;

  @Test
  void pluginReportsWhatTheProcessorReports() {
    Result viaPlugin = CheckerHarness.sources(ALL_RULES).viaPlugin().expectFromMarkers();
    Result viaProcessor = CheckerHarness.sources(ALL_RULES).viaProcessor().expectFromMarkers();
    assertEquals(messages(viaProcessor), messages(viaPlugin));
    assertEquals(1, viaPlugin.notes().size(), viaPlugin.toString());
    assertFalse(viaPlugin.succeeded());
  }

  @Test
  void pluginWorksWithProcNone() {
    CheckerHarness.sources(ALL_RULES).options("-proc:none").viaPlugin().expectFromMarkers();
  }

  @Test
  void pluginOptions() {
    Result warn = CheckerHarness.sources(ALL_RULES).viaPlugin("warn=true").expectFromMarkers();
    assertTrue(warn.succeeded(), warn.toString());
    Result disabled =
        CheckerHarness.sources(ALL_RULES)
            .viaPlugin("disable=unchecked-result,unchecked-error,null-callback,use-after-terminal,bad-annotation")
            .compile();
    assertEquals(List.of(), disabled.sessioncheck(), disabled.toString());
    assertTrue(disabled.succeeded(), disabled.toString());
  }

  /** Findings and their notes: both doors must print the same secondary locations too. */
  private static List<String> messages(Result r) {
    return r.diagnostics().stream()
        .filter(CheckerHarness.Diag::isSessioncheck)
        .map(d -> d.file() + ":" + d.line() + ":" + d.column() + " " + d.message())
        .sorted()
        .toList();
  }
}

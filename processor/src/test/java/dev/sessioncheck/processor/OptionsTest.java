package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Diag;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Asessioncheck.warn=true} and {@code -Asessioncheck.disable=<id,id>}. */
class OptionsTest {

  // One violation of each rule that can be switched off.
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
  void errorsByDefaultAndTheBuildFails() {
    Result r = CheckerHarness.sources(ALL_RULES).expectFromMarkers();
    assertFalse(r.succeeded(), r.toString());
    assertEquals(5, r.compilation().errors().size(), r.toString());
  }

  @Test
  void warnModeMakesEveryDiagnosticAWarningAndTheBuildSucceeds() {
    Result r =
        CheckerHarness.sources(ALL_RULES).options("-Asessioncheck.warn=true").expectFromMarkers();
    assertTrue(r.succeeded(), r.toString());
    List<Diag> diags = r.sessioncheck();
    assertEquals(5, diags.size(), r.toString());
    for (Diag d : diags) {
      assertEquals(Diagnostic.Kind.WARNING, d.kind(), d.toString());
    }
  }

  @Test
  void warnAloneMeansTrue() {
    // javac maps a bare -Akey to a null value; a user who writes only the key means "on". The
    // processor door, since plugin arguments are always key=value.
    Result r =
        CheckerHarness.sources(ALL_RULES).viaProcessor().options("-Asessioncheck.warn").compile();
    assertTrue(r.succeeded(), r.toString());
    assertEquals(5, r.sessioncheck().size(), r.toString());
    for (Diag d : r.sessioncheck()) {
      assertEquals(Diagnostic.Kind.WARNING, d.kind(), d.toString());
    }
  }

  @Test
  void warnFalseIsTheDefault() {
    Result r =
        CheckerHarness.sources(ALL_RULES).options("-Asessioncheck.warn=false").compile();
    assertFalse(r.succeeded(), r.toString());
    assertEquals(5, r.sessioncheck().size(), r.toString());
    for (Diag d : r.sessioncheck()) {
      assertEquals(Diagnostic.Kind.ERROR, d.kind(), d.toString());
    }
  }

  @Test
  void disableTurnsTheNamedRulesOff() {
    Result r =
        CheckerHarness.sources(ALL_RULES)
            .options("-Asessioncheck.disable=unchecked-result,use-after-terminal")
            .compile();
    assertEquals(
        List.of("bad-annotation", "null-callback", "unchecked-error"),
        ids(r),
        r.toString());
  }

  @Test
  void disableEveryRuleLeavesACleanBuild() {
    Result r =
        CheckerHarness.sources(ALL_RULES)
            .options(
                "-Asessioncheck.disable="
                    + "unchecked-result,unchecked-error,null-callback,use-after-terminal,bad-annotation")
            .compile();
    assertTrue(r.succeeded(), r.toString());
    assertEquals(List.of(), r.sessioncheck(), r.toString());
  }

  @Test
  void disableToleratesSpacesAndASingleId() {
    // Processor door only: javac splits a plugin's arguments at blanks, so no plugin value has one.
    Result spaced =
        CheckerHarness.sources(ALL_RULES)
            .viaProcessor()
            .options("-Asessioncheck.disable= null-callback , bad-annotation")
            .compile();
    assertEquals(
        List.of("unchecked-error", "unchecked-result", "use-after-terminal"),
        ids(spaced),
        spaced.toString());
    Result single =
        CheckerHarness.sources(ALL_RULES)
            .options("-Asessioncheck.disable=unchecked-error")
            .compile();
    assertEquals(4, single.sessioncheck().size(), single.toString());
  }

  @Test
  void warnAndDisableTogether() {
    Result r =
        CheckerHarness.sources(ALL_RULES)
            .options("-Asessioncheck.warn=true", "-Asessioncheck.disable=bad-annotation")
            .compile();
    assertTrue(r.succeeded(), r.toString());
    assertEquals(4, r.compilation().warnings().stream()
        .filter(d -> d.getMessage(null).startsWith("[sessioncheck:")).count(), r.toString());
  }

  /**
   * The build runs this class through both doors (surefire executions default-test and
   * plugin-door); the SARIF log's invocation shows the harness really used the one asked for.
   */
  @Test
  void theHarnessUsesTheDoorTheBuildAsksFor(@TempDir Path tmp) throws IOException {
    Path log = tmp.resolve("door.sarif");
    CheckerHarness.sources(ALL_RULES).options("-Asessioncheck.sarif=" + log).expectFromMarkers();
    String door = CheckerHarness.PLUGIN_DOOR ? "javac plugin" : "annotation processor";
    assertTrue(Files.readString(log).contains("\"entryPoint\": \"" + door + "\""), Files.readString(log));
  }

  private static List<String> ids(Result r) {
    return r.sessioncheck().stream().map(Diag::ruleId).sorted().toList();
  }

  @Test
  void cleanCodePrintsNothing() {
    Result r =
        CheckerHarness.sources(
                """
                import api.*;
                class Clean {
                  void run(Session s) {
                    Result r = s.destroy();
                    if (!r.ok()) throw new IllegalStateException("destroy failed: " + s.id());
                  }
                }
                """)
            .compile();
    assertTrue(r.succeeded(), r.toString());
    assertEquals(List.of(), r.diagnostics(), r.toString());
  }
}

package dev.sessioncheck.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sessioncheck.examples.testing.Catalogue;
import dev.sessioncheck.examples.testing.Javac;
import dev.sessioncheck.examples.testing.Markers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue: every bug file fails with exactly the diagnostics its markers name, every fixed
 * twin compiles with none, and every failure issue 4 names has its pair.
 */
class CatalogueTest {
  @TempDir Path classes;

  @Test
  void everyEntryHasABugAndAFixedFileWithAHeaderComment() {
    List<String> problems = new ArrayList<>();
    Catalogue.entries().forEach(e -> {
      for (Path file : List.of(e.bug(), e.fixed())) {
        if (!Files.isRegularFile(file)) {
          problems.add(e.name() + ": missing " + Catalogue.sourceRoot().relativize(file));
          continue;
        }
        problems.addAll(headerProblems(e.name(), file));
      }
    });
    assertEquals(List.of(), problems);
  }

  @Test
  void theCatalogueHoldsNothingElse() throws IOException {
    Set<String> expected = Catalogue.entries()
        .map(e -> e.bug().getParent().getFileName().toString())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> actual;
    try (Stream<Path> dirs = Files.list(Catalogue.entriesDir())) {
      actual = dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(expected, actual, "catalogue folders");
    for (String name : Catalogue.ENTRIES) {
      Catalogue.Entry e = Catalogue.entry(name);
      Set<String> files;
      try (Stream<Path> list = Files.list(e.bug().getParent())) {
        files = list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
      }
      assertEquals(new TreeSet<>(List.of(e.bug().getFileName().toString(),
          e.fixed().getFileName().toString())), files, name + ": files");
    }
  }

  @TestFactory
  Stream<DynamicTest> bugFilesReportExactlyTheirMarkers() {
    return Catalogue.entries()
        .filter(e -> !e.name().equals("missing-secret"))
        .map(e -> DynamicTest.dynamicTest(e.name(), e.bug().toUri(), () -> {
          List<Markers.Expectation> expected =
              Markers.parse(e.bug().getFileName().toString(), Catalogue.lines(e.bug()));
          if (Catalogue.REMOVED_BY_DESIGN.contains(e.name())) {
            assertTrue(expected.isEmpty(), e.name() + " is removed by design: no markers");
          } else {
            assertFalse(expected.isEmpty(), e.name() + ": a bug file without markers proves nothing");
          }
          Javac.Result result = Javac.withChecker(e.bug(), classes);
          List<String> problems = new ArrayList<>();
          for (Javac.Diag d : result.others()) {
            if (d.kind() == javax.tools.Diagnostic.Kind.ERROR) {
              problems.add("does not compile (not a sessioncheck error): " + d);
            }
          }
          for (Javac.Diag d : result.sessioncheck()) {
            if ("internal-error".equals(d.ruleId())) {
              problems.add("checker crashed: " + d);
            }
          }
          problems.addAll(Markers.mismatches(expected, result.diagnostics()));
          if (!problems.isEmpty()) {
            fail(e.bug().getFileName() + " does not match its markers:\n  "
                + String.join("\n  ", problems) + "\nall diagnostics:\n" + result.describe());
          }
          assertEquals(expected.isEmpty(), result.success(),
              "javac's verdict\n" + result.describe());
        }));
  }

  @TestFactory
  Stream<DynamicTest> fixedFilesCompileWithoutAnyDiagnostic() {
    return Catalogue.entries()
        .map(e -> DynamicTest.dynamicTest(e.name(), e.fixed().toUri(), () -> {
          assertEquals(List.of(),
              Markers.parse(e.fixed().getFileName().toString(), Catalogue.lines(e.fixed())),
              "a fixed file carries no markers");
          Javac.Result result = Javac.withChecker(e.fixed(), classes);
          assertTrue(result.success() && result.diagnostics().isEmpty(),
              e.fixed().getFileName() + " must compile clean:\n" + result.describe());
        }));
  }

  /**
   * missing-secret is a compile error by signature: javac itself refuses the call, whatever the
   * checker does (compiled without it here, to show no rule is involved).
   */
  @Test
  void missingSecretIsAJavacErrorWithoutTheChecker() {
    Catalogue.Entry e = Catalogue.entry("missing-secret");
    List<String> lines = Catalogue.lines(e.bug());
    String file = e.bug().getFileName().toString();
    List<Markers.JavacExpectation> expected = Markers.parseJavac(file, lines);
    assertEquals(1, expected.size(), "one expect-javac marker");
    assertEquals(List.of(), Markers.parse(file, lines), "no sessioncheck marker");

    for (boolean checker : List.of(false, true)) {
      Javac.Result result = checker
          ? Javac.withChecker(e.bug(), classes)
          : Javac.withoutChecker(e.bug(), classes);
      assertFalse(result.success(), "must not compile\n" + result.describe());
      List<Javac.Diag> errors = result.diagnostics().stream()
          .filter(d -> d.kind() == javax.tools.Diagnostic.Kind.ERROR)
          .toList();
      assertEquals(1, errors.size(), result.describe());
      Javac.Diag error = errors.get(0);
      assertEquals(expected.get(0).code(), error.code(), result.describe());
      assertEquals(expected.get(0).line(), error.line(), result.describe());
      assertTrue(error.message().startsWith("no suitable method found for builder(no arguments)"),
          error.message());
      assertEquals(List.of(), result.sessioncheck(), "no rule is involved");
    }
  }

  /** Header: starts the file, names the entry, and says what fails, what happens, what fixes it. */
  private static List<String> headerProblems(String entry, Path file) {
    List<String> problems = new ArrayList<>();
    String text = String.join("\n", Catalogue.lines(file));
    String where = entry + "/" + file.getFileName() + ": ";
    if (!text.startsWith("/*")) {
      problems.add(where + "does not start with a header comment");
      return problems;
    }
    int end = text.indexOf("*/");
    String header = end < 0 ? text : text.substring(0, end);
    String kind = file.getFileName().toString().endsWith("Bug.java") ? "the bug" : "the fix";
    boolean designEntry = Catalogue.REMOVED_BY_DESIGN.contains(entry);
    if (!header.contains("Catalogue: " + entry + " (")) {
      problems.add(where + "header does not name the entry: 'Catalogue: " + entry + " (...)'");
    }
    if (!designEntry && !header.contains("(" + kind)) {
      problems.add(where + "header does not say it is " + kind);
    }
    for (String label : List.of("Failure: ", "At run time", "Fix: ")) {
      if (!header.contains(label)) {
        problems.add(where + "header lacks '" + label.strip() + "'");
      }
    }
    if (!header.contains("express")) {
      problems.add(where + "header does not name the express-session failure it mirrors");
    }
    if (designEntry && kind.equals("the bug") && !header.contains("design")) {
      problems.add(where + "header does not say the design removes the failure");
    }
    return problems;
  }
}

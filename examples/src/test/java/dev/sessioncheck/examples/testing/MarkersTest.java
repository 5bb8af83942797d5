package dev.sessioncheck.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/** The marker matcher itself: CatalogueTest is only as strict as this. */
class MarkersTest {
  private static final List<String> SOURCE = List.of(
      "class A {",
      "  void f() {",
      "    s.destroy(); // expect: unchecked-result",
      "    s.get(\"x\"); // expect: use-after-terminal \"is used after\", unchecked-result",
      "  }",
      "}");

  private static Javac.Diag diag(long line, String rule, String message) {
    return new Javac.Diag(Diagnostic.Kind.ERROR, "A.java", line, 5, "compiler.err.proc.messager",
        rule, "[sessioncheck:" + rule + "] " + message);
  }

  private static List<Markers.Expectation> expected() {
    return Markers.parse("A.java", SOURCE);
  }

  @Test
  void parsesEveryItemWithItsFragment() {
    assertEquals(List.of(
        new Markers.Expectation("A.java", 3, "unchecked-result", null),
        new Markers.Expectation("A.java", 4, "use-after-terminal", "is used after"),
        new Markers.Expectation("A.java", 4, "unchecked-result", null)), expected());
  }

  @Test
  void exactMatchHasNoMismatch() {
    assertEquals(List.of(), Markers.mismatches(expected(), List.of(
        diag(3, "unchecked-result", "the result of s.destroy() is discarded"),
        diag(4, "use-after-terminal", "'s' is used after s.destroy() ended it on line 3"),
        diag(4, "unchecked-result", "x"))));
  }

  @Test
  void missingExtraWrongLineAndWrongFragmentAreAllReported() {
    List<String> problems = Markers.mismatches(expected(), List.of(
        diag(3, "unchecked-result", "x"),
        diag(3, "unchecked-result", "reported twice"),
        diag(4, "use-after-terminal", "'s' may be used after s.destroy() ended it on line 3"),
        diag(5, "null-callback", "unmarked")));
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("A.java:0003 unchecked-result: expected 1, reported 2"),
        problems.get(0));
    assertTrue(problems.get(1).contains("unchecked-result: expected 1, reported 0"), problems.get(1));
    assertTrue(problems.get(2).contains("no message contains \"is used after\""), problems.get(2));
    assertTrue(problems.get(3).contains("null-callback: expected 0, reported 1"), problems.get(3));
  }

  @Test
  void otherDiagnosticsAreNotMatchedAgainstMarkers() {
    Javac.Diag plain = new Javac.Diag(Diagnostic.Kind.ERROR, "A.java", 3, 5,
        "compiler.err.cant.resolve", null, "cannot find symbol");
    assertEquals(1, Markers.mismatches(expected(), List.of(plain)).stream()
        .filter(p -> p.contains("A.java:0003 unchecked-result: expected 1, reported 0")).count());
  }

  @Test
  void unknownRulesAndMalformedMarkersAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Markers.parse("A.java", List.of("x(); // expect: use-after-destroy")));
    assertThrows(IllegalArgumentException.class,
        () -> Markers.parse("A.java", List.of("x(); // expect: unchecked-result \"unterminated")));
  }

  @Test
  void javacMarkers() {
    assertEquals(List.of(new Markers.JavacExpectation("B.java", 2, "compiler.err.cant.apply.symbols")),
        Markers.parseJavac("B.java", List.of("a", "b(); // expect-javac: compiler.err.cant.apply.symbols")));
    assertEquals(List.of(), Markers.parse("B.java", List.of("b(); // expect-javac: x")));
  }
}

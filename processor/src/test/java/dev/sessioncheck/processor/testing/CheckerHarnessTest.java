package dev.sessioncheck.processor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.processor.testing.CheckerHarness.Expectation;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * The harness is what every checker test trusts, so its own failure modes are pinned here with a
 * stand-in processor (independent of the real checker's state).
 */
class CheckerHarnessTest {

  @Test
  void parsesOneMarker() {
    assertEquals(
        List.of(new Expectation("A.java", 2, "use-after-terminal", null)),
        CheckerHarness.parseMarkers("A.java", "class A {\n  int x; // expect: use-after-terminal\n}"));
  }

  @Test
  void parsesSeveralIdsAndFragmentsOnOneLine() {
    String src = "x(); // expect: unchecked-result, use-after-terminal \"may be used, after\" ,"
        + " unchecked-result \"say \\\"hi\\\"\"";
    assertEquals(
        List.of(
            new Expectation("A.java", 1, "unchecked-result", null),
            new Expectation("A.java", 1, "use-after-terminal", "may be used, after"),
            new Expectation("A.java", 1, "unchecked-result", "say \"hi\"")),
        CheckerHarness.parseMarkers("A.java", src));
  }

  @Test
  void rejectsTyposInMarkers() {
    assertThrows(
        IllegalArgumentException.class,
        () -> CheckerHarness.parseMarkers("A.java", "x(); // expect: use-after-termnal"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CheckerHarness.parseMarkers("A.java", "x(); // expect: unchecked-result,"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CheckerHarness.parseMarkers("A.java", "x(); // expect:"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CheckerHarness.parseMarkers("A.java", "x(); // expect: unchecked-result \"open"));
  }

  @Test
  void findsFileNameFromFirstTopLevelType() {
    String src =
        """
        package p.q;
        import java.util.List; // class Comment {}
        /* interface Nope { } */
        @SuppressWarnings("class X {")
        final class Real extends Object implements Runnable {
          class Inner {}
          public void run() { String s = "}"; char c = '{'; }
        }
        record Second(int x) {}
        """;
    assertEquals("Real", CheckerHarness.firstTopLevelType(src));
    assertEquals("p.q", CheckerHarness.packageOf(src));
    assertEquals("Rec", CheckerHarness.firstTopLevelType("record Rec(int a) {}"));
    assertEquals("Ann", CheckerHarness.firstTopLevelType("@interface Ann {}"));
    assertEquals("", CheckerHarness.packageOf("class A {}"));
    assertNull(CheckerHarness.firstTopLevelType("// class A {}"));
  }

  @Test
  void passesWhenMarkersMatch() {
    CheckerHarness.sources(
            """
            class A {
              void bad() {} // expect: use-after-terminal
              void fine() {}
            }
            """)
        .processor(FakeChecker::new)
        .expectFromMarkers();
  }

  @Test
  void reportsMissingAndExtraSideBySide() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                CheckerHarness.sources(
                        """
                        class A {
                          void bad() {}
                          void fine() {} // expect: unchecked-result
                        }
                        """)
                    .processor(FakeChecker::new)
                    .expectFromMarkers());
    String msg = e.getMessage();
    assertTrue(msg.contains("EXTRA") && msg.contains("A.java:2"), msg);
    assertTrue(msg.contains("MISSING") && msg.contains("A.java:3"), msg);
    assertTrue(msg.contains("void fine() {} // expect: unchecked-result"), msg);
  }

  @Test
  void checksFragments() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                CheckerHarness.sources(
                        "class A {\n  void bad() {} // expect: use-after-terminal \"may be\"\n}\n")
                    .processor(FakeChecker::new)
                    .expectFromMarkers());
    assertTrue(e.getMessage().contains("WORDING"), e.getMessage());
    CheckerHarness.sources("class A {\n  void bad() {} // expect: use-after-terminal \"'bad' is\"\n}\n")
        .processor(FakeChecker::new)
        .expectFromMarkers();
  }

  @Test
  void checksSeverity() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                CheckerHarness.sources("class A {\n  void bad() {} // expect: use-after-terminal\n}\n")
                    .options("-Asessioncheck.warn=true")
                    .processor(FakeChecker::new)
                    .expectFromMarkers());
    assertTrue(e.getMessage().contains("wrong severity ERROR"), e.getMessage());
  }

  @Test
  void failsOnInternalErrorEvenWhenMarked() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                CheckerHarness.sources("class A {\n  void crash() {} // expect: internal-error\n}\n")
                    .processor(FakeChecker::new)
                    .expectFromMarkers());
    assertTrue(e.getMessage().contains("internal-error reported"), e.getMessage());
  }

  @Test
  void failsOnOrdinaryCompileErrorsAndPrintsThem() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                CheckerHarness.sources("class A {\n  void m() { undefined(); }\n}\n")
                    .processor(FakeChecker::new)
                    .expectFromMarkers());
    assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
    assertTrue(e.getMessage().contains("A.java:2"), e.getMessage());
    assertTrue(e.getMessage().contains("undefined()"), e.getMessage());
  }

  @Test
  void addsTheStubApiUnlessTheTestDeclaresIt() {
    CheckerHarness.sources("class A { void m(api.Session s) { s.id(); } }")
        .withoutChecker()
        .expectFromMarkers();
    CheckerHarness.sources(
            "package api;\npublic interface Session { String id(); }",
            "class A { void m(api.Session s) { s.id(); } }")
        .withoutChecker()
        .expectFromMarkers();
  }

  /** Reports on every method named {@code bad} (ERROR) or {@code crash} (internal-error WARNING). */
  static final class FakeChecker extends AbstractProcessor {
    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      for (Element type : round.getRootElements()) {
        for (Element m : type.getEnclosedElements()) {
          if (m.getKind() != ElementKind.METHOD) {
            continue;
          }
          String name = m.getSimpleName().toString();
          if (name.equals("bad")) {
            processingEnv.getMessager().printMessage(
                Diagnostic.Kind.ERROR,
                "[sessioncheck:use-after-terminal] 'bad' is used\nfix it",
                m);
          } else if (name.equals("crash")) {
            processingEnv.getMessager().printMessage(
                Diagnostic.Kind.WARNING, "[sessioncheck:internal-error] A.crash failed", m);
          }
        }
      }
      return false;
    }
  }
}

package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Large and deeply nested methods: the checker must still find what it finds in small ones, never
 * give up silently, and stay fast (generous time bounds, to catch exponential blow-ups only).
 */
class RobustnessTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private static String method(String body) {
    return "import api.*;\nclass Big {\n  static void other() {}\n  static void log(Object o) {}\n"
        + "  void run(Session s, Session t, boolean c, boolean d, int n) {\n"
        + body
        + "  }\n}\n";
  }

  @Test
  void deeplyNestedLoops() {
    int depth = 12;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append("for (int i").append(i).append(" = 0; i").append(i).append(" < n; i").append(i)
          .append("++) {\n");
    }
    b.append("s.get(\"k\"); // expect: use-after-terminal \"may be used after\"\n");
    b.append("if (c) Sessions.release(s);\n");
    b.append("}\n".repeat(depth));
    String src = method(b.toString());
    assertTimeoutPreemptively(BOUND, () -> CheckerHarness.sources(src).expectFromMarkers());
  }

  @Test
  void deeplyNestedLabelledLoopsWithJumps() {
    int depth = 12;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append("l").append(i).append(": while (c) {\n");
      b.append("if (d) continue l").append(i / 2).append(";\n");
    }
    b.append("if (n == 1) { Sessions.release(s); break l0; }\n");
    b.append("}\n".repeat(depth));
    b.append("s.get(\"k\"); // expect: use-after-terminal \"may be used after\"\n");
    String src = method(b.toString());
    assertTimeoutPreemptively(BOUND, () -> CheckerHarness.sources(src).expectFromMarkers());
  }

  @Test
  void deeplyNestedTryFinallyWithReturns() {
    int depth = 16;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append("try {\nif (c) return;\n");
    }
    b.append("Sessions.release(s);\nother();\n");
    for (int i = 0; i < depth; i++) {
      b.append("} finally {\nother();\n}\n");
    }
    b.append("s.get(\"k\"); // expect: use-after-terminal \"'s' is used after\"\n");
    String src = method(b.toString());
    assertTimeoutPreemptively(BOUND, () -> CheckerHarness.sources(src).expectFromMarkers());
  }

  @Test
  void aLongMethodReportsEverything() {
    int count = 400;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append("if (n == ").append(i).append(") { Result r").append(i)
          .append(" = s.save(); // expect: unchecked-result\n if (c) log(r").append(i)
          .append("); }\n");
    }
    String src = method(b.toString());
    Result r =
        assertTimeoutPreemptively(
            BOUND,
            () -> CheckerHarness.sources(src).options("-Xmaxerrs", "10000").expectFromMarkers());
    assertEquals(count, r.sessioncheck().size());
  }

  @Test
  void manyAliasesAndSessions() {
    int count = 60;
    StringBuilder b = new StringBuilder("Session a0 = s;\n");
    for (int i = 1; i < count; i++) {
      b.append("Session a").append(i).append(" = a").append(i - 1).append(";\n");
    }
    b.append("while (c) {\n");
    for (int i = 0; i < count; i++) {
      b.append("a").append(i).append(".get(\"k\");\n");
    }
    b.append("if (d) { Sessions.release(a").append(count - 1).append("); break; }\n}\n");
    b.append("a0.get(\"k\"); // expect: use-after-terminal \"'a0' may be used after release(a")
        .append(count - 1).append(")\"\n");
    String src = method(b.toString());
    assertTimeoutPreemptively(BOUND, () -> CheckerHarness.sources(src).expectFromMarkers());
  }
}

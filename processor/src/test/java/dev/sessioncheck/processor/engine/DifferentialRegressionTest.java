package dev.sessioncheck.processor.engine;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/**
 * Engine bugs found by the randomized differential test ({@code differential.DifferentialTest},
 * issue 6 item 3), each as the minimized program that exposed it. The comment on each test names
 * the seed and index that found it.
 */
class DifferentialRegressionTest {

  private static void check(String source) {
    CheckerHarness.sources(source).expectFromMarkers();
  }

  @Test
  void aUseAllowedAfterOneEndingIsNamedByTheEndingThatForbidsIt() {
    // seed 0x5E5510C4EC4B index 8. s.destroy() allows id(); s.regenerate() does not. The error at
    // id() named line 4 (the destroy(), which allows it) instead of line 6.
    check(
        """
        import api.*;
        class A {
          void run(Session s, int k) {
            s.destroy(); // expect: unchecked-result
            for (int i = 0; i < k; i++) {
              Session n = s.regenerate(); // expect: use-after-terminal "ended it on line 4", unchecked-result
            }
            s.id(); // expect: use-after-terminal "'s' is used after s.regenerate() ended it on line 6"
          }
        }
        """);
  }

  @Test
  void aPathEndedByACallThatAllowsTheUseIsStillEndedAfterAnotherPathIsReported() {
    // Reporting id() for the regenerate() path cleared the destroy() path too, so the get() that
    // follows, illegal after either call, went unreported on the destroy() path.
    check(
        """
        import api.*;
        class A {
          void run(Session s, boolean c) {
            if (c) {
              Result r = s.destroy();
              if (!r.ok()) return;
            } else {
              Session n = s.regenerate();
              n.id();
            }
            s.id(); // expect: use-after-terminal "'s' is used after s.regenerate() ended it on line 8"
            s.get("k"); // expect: use-after-terminal "'s' is used after s.destroy() ended it on line 5"
          }
        }
        """);
  }

  @Test
  void aLossInFinallyIsNotHiddenByATryLocalOfAnotherEntry() {
    // seed 7 index 4997. The finally block was reported once over the join of its entries, where
    // `copy` (a catch-block local, still held on the path where regenerate() throws) kept r's first
    // result alive; on the normal path nothing holds it when r is overwritten.
    check(
        """
        import api.*;
        class A {
          void run(Session s, Session t) {
            Result r = s.save(); // expect: unchecked-result "dropped on line 11"
            try {
              java.util.Objects.hashCode(s);
            } catch (RuntimeException e) {
              Result copy = r;
              Session n = t.regenerate(); // expect: unchecked-result
            } finally {
              r = t.save(); // expect: unchecked-result, use-after-terminal "may be used after t.regenerate()"
            }
          }
        }
        """);
  }
}

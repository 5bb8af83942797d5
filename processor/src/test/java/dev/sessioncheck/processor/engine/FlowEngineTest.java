package dev.sessioncheck.processor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessioncheck.processor.testing.CheckerHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Engine-level behaviour seen through the rules: what joins, fixpoints, pending exits, the
 * exception edge and nested bodies do to the facts. Each source marks what it expects; unmarked
 * diagnostics fail.
 */
class FlowEngineTest {

  private static void check(String source) {
    CheckerHarness.sources(source).expectFromMarkers();
  }

  @Test
  void aliasesSeeTheEndThroughAJoin() {
    check(
        """
        import api.*;
        class A {
          void run(Session s, boolean c) {
            Session t = s;
            if (c) { t.destroy(err -> { throw err; }); }
            s.get("k"); // expect: use-after-terminal "'s' may be used after t.destroy() ended it on line 5"
          }
        }
        """);
  }

  @Test
  void endedOnEveryBranchIsDefiniteAndNamesTheSmallestLine() {
    check(
        """
        import api.*;
        class A {
          void run(Session s, boolean c) {
            if (c) {
              s.destroy(err -> { throw err; });
            } else {
              Sessions.release(s);
            }
            s.get("k"); // expect: use-after-terminal "'s' is used after s.destroy() ended it on line 5"
          }
        }
        """);
  }

  @Test
  void aLoopThatEndsTheValueReportsTheUseAtTheTopOfTheNextIteration() {
    check(
        """
        import api.*;
        class A {
          void run(Session s, int n) {
            for (int i = 0; i < n; i++) {
              s.get("k"); // expect: use-after-terminal "may be used after s.destroy() ended it on line 6"
              s.destroy(err -> { throw err; });
            }
          }
          void definite(Session s, int n) {
            s.destroy(err -> { throw err; });
            while (n-- > 0) {
              s.get("k"); // expect: use-after-terminal "'s' is used after"
              s.get("again");
            }
          }
        }
        """);
  }

  @Test
  void reportingOnAPathDoesNotCascadeButAnotherPathStillCounts() {
    check(
        """
        import api.*;
        class A {
          void run(Session s, boolean c) {
            if (c) {
              s.destroy(err -> { throw err; });
              s.get("a"); // expect: use-after-terminal
            }
            s.get("b");
          }
          void twoPaths(Session s, boolean c) {
            if (c) {
              s.destroy(err -> { throw err; });
              s.get("a"); // expect: use-after-terminal
            } else {
              Sessions.release(s);
            }
            s.get("b"); // expect: use-after-terminal "is used after"
          }
        }
        """);
  }

  @Test
  void labelledBreakAndContinueCarryTheirStateToTheirTarget() {
    check(
        """
        import api.*;
        import java.util.*;
        class A {
          void run(Session s, List<List<String>> rows) {
            outer:
            for (List<String> row : rows) {
              for (String cell : row) {
                if (cell.isEmpty()) continue outer;
                if (cell.equals("end")) {
                  s.destroy(err -> { throw err; });
                  break outer;
                }
              }
            }
            s.get("k"); // expect: use-after-terminal "may be used"
          }
          void notEnded(Session s, List<List<String>> rows) {
            outer:
            for (List<String> row : rows) {
              for (String cell : row) {
                if (cell.isEmpty()) continue outer;
              }
            }
            s.get("k");
          }
        }
        """);
  }

  @Test
  void finallySeesEveryExitButTheNormalPathStaysClean() {
    check(
        """
        import api.*;
        class A {
          void run(Session s, boolean c) {
            try {
              if (c) {
                s.destroy(err -> { throw err; });
                return;
              }
            } finally {
              s.get("in finally"); // expect: use-after-terminal "may be used"
            }
            s.get("after"); // only reached when c was false
          }
        }
        """);
  }

  @Test
  void theExceptionEdgeCarriesTheStateBeforeTheCallsEffect() {
    check(
        """
        import api.*;
        class A {
          void run(Session s) {
            try {
              s.destroy(err -> { throw err; });
            } catch (RuntimeException e) {
              s.get("retry"); // destroy threw: the session was not ended
              return;
            }
            s.get("after"); // expect: use-after-terminal "is used after"
          }
        }
        """);
  }

  @Test
  void obligationsFollowCatchPathsButNotExceptionalExits() {
    check(
        """
        import api.*;
        class A {
          static void risky() {}
          void caught(Session s) {
            Result r = s.save(); // expect: unchecked-result "dropped on line 9"
            try {
              risky();
            } catch (RuntimeException e) {
              return;
            }
            r.ok();
          }
          void escapes(Session s) {
            Result r = s.save();
            risky();
            if (!r.ok()) throw new IllegalStateException();
          }
        }
        """);
  }

  @Test
  void aJumpDropsTheLocalsItLeavesOnItsOwnLine() {
    check(
        """
        import api.*;
        class A {
          void run(Session s, int n) {
            for (int i = 0; i < n; i++) {
              Result r = s.save(); // expect: unchecked-result "dropped on line 6"
              if (i > 2) continue;
              Result q = s.save(); // expect: unchecked-result "dropped on line 8"
              if (i > 3) break;
              r.ok();
              q.ok();
            }
          }
        }
        """);
  }

  @Test
  void switchFallThroughAndDefault() {
    check(
        """
        import api.*;
        class A {
          void run(Session s, int n) {
            switch (n) {
              case 1:
                s.destroy(err -> { throw err; });
              case 2:
                s.get("fell"); // expect: use-after-terminal "may be used"
                break;
              default:
                return;
            }
          }
        }
        """);
  }

  @Test
  void aFieldPathIsForgottenWhenItIsAssigned() {
    check(
        """
        import api.*;
        class A {
          Session current;
          A next;
          void run(Session fresh) {
            current.destroy(err -> { throw err; });
            current.get("k"); // expect: use-after-terminal "'current' is used after current.destroy()"
            this.current = fresh;
            current.get("ok");
            next.current.destroy(err -> { throw err; });
            next.current.get("k"); // expect: use-after-terminal
            next = new A();
            next.current.get("ok");
          }
          void close() {}
        }
        """);
  }

  @Test
  void aStoredResultMovesWithItsAliasesAndIsDroppedWhereTheLastOneGoes() {
    check(
        """
        import api.*;
        class A {
          void run(Session s, boolean c) {
            Result r = s.save(); // expect: unchecked-result "in 'q' is not checked before it is dropped on line 7"
            Result q = r;
            r = null;
            q = null;
          }
          void merged(Session s, boolean c) {
            Result r = c ? s.save() : null;
            Object v = r;
            System.out.println(v);
          }
        }
        """);
  }

  @Test
  void lambdasAndAnonymousClassesAreTheirOwnBodies() {
    check(
        """
        import api.*;
        class A {
          void run(Session s) {
            Runnable r = () -> {
              Result x = s.save(); // expect: unchecked-result "dropped on line 6"
            };
            r.run();
            s.save(new Callback() {
              int n = s.id().length();
              public void done(StoreError err) {
                if (err == null) return; // expect-nothing: both paths read err
              }
            });
          }
        }
        """);
  }

  @Test
  void nestedLoopsCarryEndsAndExceptionsOutward() {
    // The inner loop is re-analysed (or replayed from its memo) for every pass of the outer one;
    // what it throws to the enclosing catch and what it ends must survive either way.
    check(
        """
        import api.*;
        class A {
          static void other() {}
          void run(Session s, int n) {
            try {
              for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                  other();
                  if (j == 3) { Sessions.release(s); break; } // expect: use-after-terminal "may be used after release(s)"
                }
              }
            } catch (RuntimeException e) {
              s.get("c"); // expect: use-after-terminal "may be used"
            }
          }
          void returns(Session s, int n) {
            try {
              for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                  if (j == 3) { Sessions.release(s); return; }
                  other();
                }
              }
            } catch (RuntimeException e) {
              s.get("c");
            }
          }
        }
        """);
  }

  @Test
  void anOverrideDelegatingToSuperDoesNotEndItselfMidway() {
    check(
        """
        import dev.sessioncheck.annotations.TerminalOp;
        class Base {
          @TerminalOp void close() {}
          void write() {}
        }
        class Pooled extends Base {
          @Override void close() { super.close(); release(); }
          void release() {}
          void misuse() { close(); write(); } // expect: use-after-terminal "'this' is used after close()"
        }
        """);
  }

  @Test
  void deepLoopNestingFinishesWithoutAnInternalError() {
    StringBuilder body = new StringBuilder("s.get(\"k\"); if (s.id() == null) { s.destroy(e -> { throw e; }); }");
    for (int i = 0; i < 9; i++) {
      body.insert(0, "for (int i" + i + " = 0; i" + i + " < n; i" + i + "++) { ").append(" }");
    }
    CheckerHarness.Result r =
        CheckerHarness.sources("import api.*;\nclass Deep {\n  void run(Session s, int n) {\n" + body + "\n  }\n}\n")
            .compile();
    assertEquals(List.of(), r.sessioncheck("internal-error"), r.toString());
  }

  @Test
  void java21PatternsGuardsAndRecordDeconstruction() {
    assumeTrue(Runtime.version().feature() >= 21, "record patterns and guards need JDK 21+");
    check(
        """
        import api.*;
        class A {
          record Box(Session session) {}
          void run(Object o) {
            switch (o) {
              case Session s when s.id() == null -> s.destroy(err -> { throw err; });
              case Session s when s.id().isEmpty() -> s.get("guard false above: still live");
              case Session s -> s.get("live");
              case Box(Session inner) -> {
                Sessions.release(inner);
                inner.get("k"); // expect: use-after-terminal
              }
              default -> {}
            }
          }
          void bound(Object o) {
            if (o instanceof Session s) {
              s.destroy(err -> { throw err; });
              o.toString();
              s.get("k"); // expect: use-after-terminal
            }
          }
          Result pick(Session s, int n) {
            return switch (n) {
              case 1 -> s.save();
              default -> {
                Result q = s.save();
                yield q;
              }
            };
          }
        }
        """);
  }

  @Test
  void java22UnnamedVariables() {
    assumeTrue(Runtime.version().feature() >= 22, "unnamed variables need JDK 22+");
    check(
        """
        import api.*;
        import java.util.*;
        class A {
          void run(Session s, List<Session> all) {
            var _ = s.save(); // expect: unchecked-result "is discarded"
            s.save(_ -> {}); // expect: unchecked-error "'_'"
            for (Session _ : all) {}
            try { s.id(); } catch (RuntimeException _) {}
          }
        }
        """);
  }
}

package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/** {@code unchecked-result}: a {@code @MustCheck} result discarded or dropped unexamined. */
class UncheckedResultTest {

  @Test
  void discardedResultsAreReported() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void run(Session s, Session t, Session u) {
                s.save(); // expect: unchecked-result "the result of s.save() is discarded"
                t.destroy(); // expect: unchecked-result "the result of t.destroy() is discarded"
                u.regenerate(); // expect: unchecked-result "the result of u.regenerate() is discarded"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void voidCallbackFormsCarryNoObligation() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void run(Session s, Callback cb) {
                s.save(cb);
                s.destroy(cb);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void inspectedResultsAreFine() {
    CheckerHarness.sources(
            """
            import api.*;
            import java.util.*;
            class Save {
              Result last;
              Result[] all = new Result[1];
              static void log(Object o) {}
              Result run(Session s, Session t, List<Result> results, boolean c) {
                if (!s.save().ok()) { throw new IllegalStateException(); }
                Result a = s.save();
                if (a.ok()) { log("a"); }
                Result b = s.save();
                log(b);
                Result d = s.save();
                results.add(d);
                this.last = s.save();
                all[0] = s.save();
                Result e = s.save();
                String text = "saved: " + e;
                Result f = s.save();
                boolean isResult = f instanceof Object;
                Result g = s.save();
                Runnable later = () -> log(g);
                Result h = s.save();
                boolean same = h == null;
                Session n = t.regenerate();
                n.set("user", "ann");
                return s.save();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void storedAndNeverReadIsDroppedAtTheEndOfItsScope() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void run(Session s, boolean c) {
                if (c) {
                  Result r = s.save(); // expect: unchecked-result "the result of s.save() in 'r' is not checked before it is dropped on line 6"
                }
                Result q = s.save(); // expect: unchecked-result "in 'q' is not checked before it is dropped on line 8"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void overwritingDropsThePreviousResult() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void run(Session s) {
                Result r = s.save(); // expect: unchecked-result "in 'r' is not checked before it is dropped on line 5"
                r = s.save();
                if (!r.ok()) {
                  throw new IllegalStateException();
                }
                Result q = s.save(); // expect: unchecked-result "dropped on line 10"
                q = null;
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void returnOnAnUncheckedPathDropsIt() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void run(Session s, boolean c) {
                Result r = s.save(); // expect: unchecked-result "dropped on line 5"
                if (c) return;
                if (!r.ok()) {
                  throw new IllegalStateException();
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void throwingPathsDoNotDropObligations() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void other() {}
              void run(Session s, boolean c) {
                Result r = s.save();
                if (c) throw new IllegalArgumentException();
                other();
                if (!r.ok()) {
                  throw new IllegalStateException();
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void copyingIntoALocalMovesTheObligation() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void checked(Session s) {
                Result r = s.save();
                Result t = r;
                if (!t.ok()) throw new IllegalStateException();
              }
              void dropped(Session s) {
                Result r = s.save(); // expect: unchecked-result
                Object t = r;
                Object u = t;
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void mustCheckTypeMakesEveryMethodReturningItMustCheck() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.MustCheck;
            @MustCheck
            interface Ticket {
              boolean valid();
            }
            class Issuer {
              Ticket issue() { return () -> true; }
              static Ticket make() { return () -> true; }
              void run() {
                issue(); // expect: unchecked-result
                Issuer.make(); // expect: unchecked-result
                if (!issue().valid()) throw new IllegalStateException();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void overridingAMustCheckMethodKeepsTheContract() {
    CheckerHarness.sources(
            """
            import api.*;
            abstract class MySession implements Session {
              @Override public Result save() { return () -> true; }
            }
            class Use {
              void run(MySession s) {
                s.save(); // expect: unchecked-result
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void thrownResultIsInspected() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.MustCheck;
            class Validate {
              @MustCheck IllegalStateException check() { return null; }
              void thrown() {
                IllegalStateException e = check();
                throw e;
              }
              void discarded() {
                check(); // expect: unchecked-result
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void onePerProducingCall() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void run(Session s, boolean c, boolean d) {
                Result r = s.save(); // expect: unchecked-result
                if (c) return;
                if (d) return;
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void theDropLineIsTheStatementThatLeavesTheScope() {
    CheckerHarness.sources(
            """
            import api.*;
            class Drops {
              static void log(Object o) {}
              void viaBreak(Session s, boolean c, boolean d) {
                while (c) {
                  Result r = s.save(); // expect: unchecked-result "in 'r' is not checked before it is dropped on line 8"
                  if (d) {
                    break;
                  }
                  log(r);
                }
              }
              void viaContinue(Session s, boolean c, boolean d) {
                while (c) {
                  Result r = s.save(); // expect: unchecked-result "dropped on line 17"
                  if (d) {
                    continue;
                  }
                  log(r);
                }
              }
              void viaBlockEnd(Session s) {
                {
                  Result r = s.save(); // expect: unchecked-result "dropped on line 25"
                }
                log("after");
              }
              void viaLoopBodyEnd(Session s, int n) {
                for (int i = 0; i < n; i++) {
                  Result r = s.save(); // expect: unchecked-result "dropped on line 31"
                }
              }
              void viaCatch(Session s) {
                Result r = null;
                try {
                  r = s.save(); // expect: unchecked-result "dropped on line 39"
                  log("saved");
                } catch (RuntimeException e) {
                  return;
                }
                log(r);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aMethodReferenceInAVoidContextDiscardsTheResult() {
    // As Error Prone's CheckReturnValue does: `Runnable r = s::save` calls save() and throws the
    // result away, exactly like the lambda `() -> s.save()`.
    CheckerHarness.sources(
            """
            import api.*;
            import java.util.function.*;
            class Refs {
              void run(Session s) {
                Runnable discard = s::save; // expect: unchecked-result
                Supplier<Result> keep = s::save;
                Function<Session, Result> keepToo = Session::save;
                Consumer<Session> discardToo = Session::save; // expect: unchecked-result
              }
            }
            """)
        .expectFromMarkers();
  }
}

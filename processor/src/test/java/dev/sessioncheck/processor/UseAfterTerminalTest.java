package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/** {@code use-after-terminal}: a value used after a {@code @TerminalOp} call ended it. */
class UseAfterTerminalTest {

  @Test
  void useAfterDestroyIsReportedWithTheEndingLine() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session session, Callback cb) {
                session.destroy(cb);
                Object user = session.get("user"); // expect: use-after-terminal "'session' is used after session.destroy() ended it on line 4"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void useBeforeDestroyIsFine() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session session, Callback cb) {
                Object user = session.get("user");
                session.destroy(cb);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void endedOnSomePathsSaysMay() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session session, Callback cb, boolean c) {
                if (c) {
                  session.destroy(cb);
                }
                session.set("k", 1); // expect: use-after-terminal "'session' may be used after session.destroy() ended it on line 5"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void mayNamesTheSmallestEndingLine() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session s, Callback cb, int n) {
                if (n == 1) {
                  s.destroy(cb);
                } else if (n == 2) {
                  Sessions.release(s);
                }
                s.get("k"); // expect: use-after-terminal "'s' may be used after s.destroy() ended it on line 5"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void endedOnEveryPathIsDefinite() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session s, Callback cb, boolean c) {
                if (c) {
                  s.destroy(cb);
                } else {
                  s.destroy(cb);
                }
                s.get("k"); // expect: use-after-terminal "'s' is used after s.destroy() ended it on line"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void allowAfterMethodsStayLegal() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              String run(Session s) {
                Result r = s.destroy();
                if (!r.ok()) {
                  throw new IllegalStateException("destroy failed for " + s.id());
                }
                return s.id();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void allowAfterBelongsToTheEndingMethod() {
    // `id` is in destroy()'s allowAfter, not in destroy(Callback)'s: after the callback form
    // ended the session, id() is a use like any other.
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              String run(Session s, Callback cb) {
                s.destroy(cb);
                return s.id(); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void methodsNotInAllowAfterAreUses() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              Object run(Session s) {
                Result r = s.destroy();
                if (!r.ok()) {
                  throw new IllegalStateException();
                }
                return s.get("user"); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void identityComparisonsConcatenationAndObjectMethodsAreNotUses() {
    CheckerHarness.sources(
            """
            import api.*;
            import java.util.*;
            class Logout {
              static void log(Object o) {}
              void run(Session s, Session other, Callback cb, List<Session> live, Set<Session> seen) {
                s.destroy(cb);
                boolean same = s == other;
                boolean differs = s != null;
                boolean isSession = s instanceof Session;
                String text = "ended " + s;
                boolean eq = s.equals(other);
                int h = s.hashCode();
                String str = s.toString();
                Class<?> k = s.getClass();
                log(s);
                live.remove(s);
                seen.add(s);
                Objects.requireNonNull(s);
                String formatted = String.format("%s %s", s, other);
                s = other;
                s.get("k");
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void passingToAParameterOfTheSessionTypeIsAUse() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              static void render(Session s) {}
              void run(Session s, Callback cb) {
                s.destroy(cb);
                render(s); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void returningAnEndedValueIsAUse() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              Session run(Session s, Callback cb) {
                s.destroy(cb);
                return s; // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void secondTerminalCallIsAUse() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session s, Callback cb) {
                s.destroy(cb);
                s.destroy(cb); // expect: use-after-terminal "'s' is used after s.destroy() ended it on line 4"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void terminalParameterEndsTheArgument() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session s) {
                Sessions.release(s);
                s.get("k"); // expect: use-after-terminal "'s' is used after release(s) ended it on line 4"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void userDeclaredTerminalParameter() {
    CheckerHarness.sources(
            """
            import api.*;
            import dev.sessioncheck.annotations.TerminalOp;
            class Pool {
              static void giveBack(String why, @TerminalOp Session s) {}
              void run(Session s) {
                giveBack("done", s);
                s.get("k"); // expect: use-after-terminal "after giveBack(s) ended it on line 6"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void regenerateEndsTheOldSessionNotTheNewOne() {
    CheckerHarness.sources(
            """
            import api.*;
            class Login {
              void run(Session s) {
                Session fresh = s.regenerate();
                fresh.set("user", "ann");
                s.set("user", "ann"); // expect: use-after-terminal "'s' is used after s.regenerate() ended it on line 4"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aliasesSeeTheEnd() {
    CheckerHarness.sources(
            """
            import api.*;
            class Alias {
              void viaCopy(Session s, Callback cb) {
                Session t = s;
                s.destroy(cb);
                t.get("k"); // expect: use-after-terminal "'t' is used after s.destroy() ended it on line 5"
              }
              void endedThroughCopy(Session s, Callback cb) {
                Session t = s;
                t.destroy(cb);
                s.get("k"); // expect: use-after-terminal "'s' is used after t.destroy() ended it on line 10"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void reassigningTheVariableStartsAFreshValue() {
    CheckerHarness.sources(
            """
            import api.*;
            class Fresh {
              void run(Session s, Session next, Callback cb) {
                Session t = s;
                s.destroy(cb);
                s = next;
                s.get("k");
                t.get("k"); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void callResultIsNeverTheArgument() {
    CheckerHarness.sources(
            """
            import api.*;
            class Verify {
              static Session verify(Session s) { return s; }
              void run(Session s, Callback cb) {
                verify(s).destroy(cb);
                s.get("k");
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void callbackOfTheTerminalCallSeesTheReceiverEnded() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              static void log(Object o) {}
              void run(Session session) {
                session.destroy(err -> {
                  log(err);
                  log(session.get("user")); // expect: use-after-terminal "'session' is used after session.destroy() ended it on line 5"
                });
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void callbackOfANonTerminalCallDoesNot() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void log(Object o) {}
              void run(Session session) {
                session.save(err -> {
                  log(err);
                  log(session.get("user"));
                });
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void anonymousCallbackOfTheTerminalCall() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              static void log(Object o) {}
              void run(Session session) {
                session.destroy(new Callback() {
                  public void done(StoreError err) {
                    log(err);
                    log(session.get("user")); // expect: use-after-terminal
                  }
                });
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void lambdaWrittenAfterTheEndIsAnalysedWithTheEndedState() {
    CheckerHarness.sources(
            """
            import api.*;
            class Later {
              void run(Session s, Callback cb) {
                s.destroy(cb);
                Runnable r = () -> s.get("k"); // expect: use-after-terminal
                r.run();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void capturingAnEndedValueIsNotItselfAUse() {
    CheckerHarness.sources(
            """
            import api.*;
            class Later {
              static void log(Object o) {}
              void run(Session s, Callback cb) {
                s.destroy(cb);
                Runnable r = () -> log("ended " + s + (s == null));
                r.run();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void onlyTheFirstUseOnAPathIsReported() {
    CheckerHarness.sources(
            """
            import api.*;
            class Cascade {
              void run(Session s, Callback cb) {
                Session t = s;
                s.destroy(cb);
                s.get("a"); // expect: use-after-terminal
                s.get("b");
                t.set("c", 1);
                s.destroy(cb);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void eachPathReportsItsOwnFirstUse() {
    CheckerHarness.sources(
            """
            import api.*;
            class Cascade {
              void run(Session s, Callback cb, boolean c) {
                s.destroy(cb);
                if (c) {
                  s.get("a"); // expect: use-after-terminal
                } else {
                  s.get("b"); // expect: use-after-terminal
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void terminalMethodOnThisEndsThis() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.TerminalOp;
            class Conn {
              @TerminalOp void close() {}
              void write(String s) {}
              void run() {
                write("a");
                close();
                write("b"); // expect: use-after-terminal
              }
              void explicit() {
                this.close();
                this.write("b"); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void fieldPathsAreTracked() {
    CheckerHarness.sources(
            """
            import api.*;
            class Holder {
              Session session;
              Holder next;
              void own(Callback cb) {
                this.session.destroy(cb);
                this.session.get("k"); // expect: use-after-terminal
              }
              void nested(Holder h, Callback cb) {
                h.next.session.destroy(cb);
                h.next.session.get("k"); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void reassigningAFieldOrItsPrefixDropsTheFacts() {
    CheckerHarness.sources(
            """
            import api.*;
            class Holder {
              Session session;
              Holder next;
              void own(Session fresh, Callback cb) {
                this.session.destroy(cb);
                this.session = fresh;
                this.session.get("k");
              }
              void prefix(Holder h, Holder other, Callback cb) {
                h.next.session.destroy(cb);
                h.next = other;
                h.next.session.get("k");
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void inheritedTerminalContract() {
    CheckerHarness.sources(
            """
            import api.*;
            abstract class MySession implements Session {
              @Override public void destroy(Callback cb) {}
            }
            class Use {
              void run(MySession s, Callback cb) {
                s.destroy(cb);
                s.get("k"); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void everyKindOfBodyIsChecked() {
    CheckerHarness.sources(
            """
            import api.*;
            import dev.sessioncheck.annotations.TerminalOp;
            class Bodies {
              record Holder(Session s) {
                Holder {
                  Sessions.release(s);
                  s.get("k"); // expect: use-after-terminal
                }
              }
              enum Kind {
                A {
                  void m(Session x) {
                    Sessions.release(x);
                    x.get("k"); // expect: use-after-terminal
                  }
                };
                void m(Session x) {}
              }
              interface Defaults {
                default void m(Session x) {
                  Sessions.release(x);
                  x.get("k"); // expect: use-after-terminal
                }
              }
              class Inner {
                class Deeper {
                  void m(Session x) {
                    Sessions.release(x);
                    x.get("k"); // expect: use-after-terminal
                  }
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void thisEndedInAConstructorOrThroughAnInheritedContract() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.TerminalOp;
            interface Closer {
              @TerminalOp void close();
            }
            abstract class Conn implements Closer {
              void write() {}
              Conn(boolean failFast) {
                if (failFast) {
                  close();
                }
                write(); // expect: use-after-terminal "'this' may be used after close() ended it on line 9"
              }
              void finish() {
                close();
                write(); // expect: use-after-terminal "'this' is used after close()"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void assertionsMayNotRun() {
    CheckerHarness.sources(
            """
            import api.*;
            class Checks {
              static boolean finish(@dev.sessioncheck.annotations.TerminalOp Session s) { return true; }
              void run(Session s, Session t) {
                Sessions.release(s);
                assert s.get("k") != null; // expect: use-after-terminal
                assert finish(t);
                t.get("k"); // expect: use-after-terminal "may be used after"
              }
            }
            """)
        .expectFromMarkers();
  }
}

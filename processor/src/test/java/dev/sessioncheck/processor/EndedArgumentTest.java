package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/**
 * A value a library model ended (here a consumed stream) passed to a helper compiled in the same
 * run: silent when the helper, and the helpers it passes the value on to, only do what the
 * implementation may do after the end (compare it, call allowAfter, Object or non-public methods,
 * read fields); reported as before when the helper does anything else, could be overridden
 * elsewhere, or when the contract is an annotation (DESIGN.md: {@code render(session)} is a use).
 */
class EndedArgumentTest {

  @Test
  void aHelperThatOnlyCallsAllowedMethodsIsNotAUse() {
    CheckerHarness.sources(
            """
            import java.util.Iterator;
            import java.util.stream.BaseStream;
            import java.util.stream.Stream;
            class Zip {
              static boolean parallel(BaseStream<?, ?> s) {
                return s != null && (s.isParallel() || s.hashCode() == 0);
              }
              private boolean either(BaseStream<?, ?> a, BaseStream<?, ?> b) {
                return parallel(a) || parallel(b);
              }
              Object zip(Stream<String> a, Stream<String> b) {
                Iterator<String> i = a.iterator();
                Iterator<String> j = b.iterator();
                return either(a, b) ? i : j;
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aHelperThatOperatesOnTheStreamIsAUse() {
    CheckerHarness.sources(
            """
            import java.util.stream.Stream;
            class Zip {
              static long size(Stream<?> s) {
                return s.isParallel() ? -1 : s.count();
              }
              static long twice(Stream<String> s) {
                s.iterator();
                return size(s); // expect: use-after-terminal "'s' is used after s.iterator()"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void whatTheHelperPassesOnIsFollowed() {
    CheckerHarness.sources(
            """
            import java.util.stream.Stream;
            class Zip {
              static long size(Stream<?> s) {
                return s.count();
              }
              static long parallelSize(Stream<?> s) {
                return s.isParallel() ? size(s) : 0;
              }
              static long twice(Stream<String> s) {
                s.iterator();
                return parallelSize(s); // expect: use-after-terminal "'s' is used after s.iterator()"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aRecursiveHelperAddsNothingByRecursing() {
    CheckerHarness.sources(
            """
            import java.util.stream.Stream;
            class Zip {
              static boolean parallel(Stream<?> s, int depth) {
                return depth == 0 ? s.isParallel() : parallel(s, depth - 1);
              }
              static boolean after(Stream<String> s) {
                s.iterator();
                return parallel(s, 3);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void storingReturningOrCapturingTheStreamInTheHelperIsAUse() {
    CheckerHarness.sources(
            """
            import java.util.stream.Stream;
            class Zip {
              static Stream<?> last;
              static void keep(Stream<?> s) {
                last = s;
              }
              static Stream<?> same(Stream<?> s) {
                return s;
              }
              static Runnable later(Stream<?> s) {
                return new Runnable() {
                  public void run() {
                    s.isParallel();
                  }
                };
              }
              static void after(Stream<String> a, Stream<String> b, Stream<String> c) {
                a.iterator();
                keep(a); // expect: use-after-terminal "'a' is used after a.iterator()"
                b.iterator();
                same(b); // expect: use-after-terminal "'b' is used after b.iterator()"
                c.iterator();
                later(c); // expect: use-after-terminal "'c' is used after c.iterator()"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void anOverridableOrVarargsHelperIsJudgedAsBefore() {
    CheckerHarness.sources(
            """
            import java.util.stream.Stream;
            public class Zip {
              public boolean parallel(Stream<?> s) {
                return s.isParallel();
              }
              public final boolean finalParallel(Stream<?> s) {
                return s.isParallel();
              }
              static boolean anyParallel(Stream<?>... ss) {
                return ss[0].isParallel();
              }
              boolean after(Stream<String> a, Stream<String> b, Stream<String> c) {
                a.iterator();
                b.iterator();
                c.iterator();
                return parallel(a) // expect: use-after-terminal "'a' is used after a.iterator()"
                    && finalParallel(b)
                    && anyParallel(c); // expect: use-after-terminal "'c' is used after c.iterator()"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aHelperWithoutSourceHereIsJudgedAsBefore() {
    CheckerHarness.sources(
            """
            import java.util.stream.Stream;
            class Desk {
              static long after(Stream<String> s) {
                s.count();
                return Stream.concat(s, Stream.empty()).count(); // expect: use-after-terminal "'s' is used after s.count()"
              }
            }
            """)
        .expectFromMarkers();
  }

  /** DESIGN.md: for an annotated contract, {@code render(session)} is a use whatever render does. */
  @Test
  void anAnnotatedContractKeepsEveryArgumentOfItsTypeAUse() {
    CheckerHarness.sources(
            """
            package lib;
            import dev.sessioncheck.annotations.TerminalOp;
            public class Ticket {
              @TerminalOp(allowAfter = "id") public void punch() {}
              public String id() { return "t"; }
            }
            """,
            """
            package app;
            import lib.Ticket;
            class Desk {
              static String label(Ticket t) {
                return t.id();
              }
              static String close(Ticket t) {
                t.punch();
                return label(t); // expect: use-after-terminal "'t' is used after t.punch()"
              }
            }
            """)
        .expectFromMarkers();
  }

  /** Passing to a terminal parameter ends the value again: always a use, whatever the body does. */
  @Test
  void aTerminalParameterIsAUseEvenWithAnEmptyBody() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.TerminalOp;
            import java.util.stream.Stream;
            class Zip {
              static void release(@TerminalOp Stream<?> s) {}
              static void after(Stream<String> s) {
                s.iterator();
                release(s); // expect: use-after-terminal "'s' is used after s.iterator()"
              }
            }
            """)
        .expectFromMarkers();
  }

  private static final String COMBINE =
      """
      package ex;
      import java.util.stream.BaseStream;
      class Context {
        Runnable closeHandler;
        boolean parallel;
        Context combine(BaseStream<?, ?> other) {
          if (other == null) {
            return this;
          }
          Context otherContext = of(other);
          return other.isParallel() && !parallel || otherContext.closeHandler != null ? new Context() : this;
        }
        static Context of(BaseStream<?, ?> stream) {
          if (stream instanceof Wrapper) {
            return ((Wrapper<?>) stream).context;
          }
          Context c = new Context();
          c.closeHandler = stream::close;
          return c;
        }
      }
      """;

  private static final String ZIP =
      """
      package ex;
      import java.util.Spliterator;
      import java.util.stream.BaseStream;
      import java.util.stream.Stream;
      abstract class Wrapper<T> implements Stream<T> {
        Context context;
        Object zipWith(BaseStream<?, ?> other) {
          Spliterator<?> s = other.spliterator();
          return new Object[] {s, context.combine(other)};
        }
        Object zipThenCount(BaseStream<?, ?> other) {
          Spliterator<?> s = other.spliterator();
          return new Object[] {s, count(other)}; // expect: use-after-terminal "'other' is used after other.spliterator()"
        }
        static long count(BaseStream<?, ?> other) {
          return ((Stream<?>) other).count();
        }
      }
      """;

  /**
   * StreamEx 0.8.3 one/util/streamex/StreamEx.java:1995-1996 (zipWith) and :2068-2069, with
   * StreamContext.combine and StreamContext.of cut down. Both class orders: the helper's class
   * attributed (or already lowered) before the caller, and not attributed yet.
   */
  @Test
  void aStreamPassedToAHelperThatOnlyAsksIsParallelAndReadsTheImplementationsField() {
    CheckerHarness.sources(COMBINE, ZIP).expectFromMarkers();
    CheckerHarness.sources(ZIP, COMBINE).expectFromMarkers();
  }
}

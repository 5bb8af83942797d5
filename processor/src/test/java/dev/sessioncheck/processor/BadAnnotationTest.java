package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/** {@code bad-annotation}: a contract that cannot hold, reported at the declaration. */
class BadAnnotationTest {

  @Test
  void terminalOpOnAStaticMethod() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.TerminalOp;
            class Pool {
              @TerminalOp static void shutdown() {} // expect: bad-annotation
              @TerminalOp void close() {}
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void mustCheckOnAVoidMethod() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.MustCheck;
            interface Store {
              @MustCheck void flush(); // expect: bad-annotation
              @MustCheck boolean tryFlush();
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void allowAfterNamingNoMethodOfTheType() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.TerminalOp;
            interface Conn {
              @TerminalOp(allowAfter = {"idd"}) void close(); // expect: bad-annotation "idd"
              @TerminalOp(allowAfter = {"id", "toString"}) void abort();
              String id();
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void allowAfterMayNameInheritedMethods() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.TerminalOp;
            interface Named {
              String name();
            }
            interface Conn extends Named {
              @TerminalOp(allowAfter = {"name", "hashCode"}) void close();
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void reportedOncePerDeclarationEvenWhenCalled() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.MustCheck;
            class Store {
              @MustCheck void flush() {} // expect: bad-annotation
              void run() {
                flush();
                flush();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void mustCheckOnAParameterThatCannotBeAnErrorParameter() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.MustCheck;
            class Handlers {
              Handlers(@MustCheck Exception e) {} // expect: bad-annotation "constructor"
              static void onError(@MustCheck Exception e) {} // expect: bad-annotation "static method"
              // An instance method may implement a callback interface elsewhere; not reported.
              void handle(@MustCheck Exception e) {}
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void mustCheckOnARecordComponentMeansItsAccessor() {
    // javac copies a record component's annotation to the accessor (METHOD) and to the implicit
    // canonical constructor's parameter (PARAMETER). The user wrote it once, on the component,
    // meaning the accessor; the copy on the implicit parameter is not a misplaced annotation.
    CheckerHarness.sources(
            """
            import api.*;
            import dev.sessioncheck.annotations.MustCheck;
            record Reply(@MustCheck Result result, int code) {}
            class Use {
              void run(Reply reply) {
                reply.result(); // expect: unchecked-result
                if (!reply.result().ok()) throw new IllegalStateException();
              }
            }
            """)
        .expectFromMarkers();
  }
}

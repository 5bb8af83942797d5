package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/** {@code unchecked-error}: a callback that does not read its error parameter on every path. */
class UncheckedErrorTest {

  @Test
  void lambdaIgnoringTheErrorIsReported() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void log(Object o) {}
              void run(Session s) {
                s.save(err -> {}); // expect: unchecked-error "the lambda passed to s.save(...) does not read its error parameter 'err' on every path"
                s.save(err -> log("saved")); // expect: unchecked-error
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void lambdaReadingTheErrorIsFine() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void log(Object o) {}
              void run(Session s) {
                s.save(err -> log(err));
                s.save(err -> {
                  if (err != null) {
                    log("failed");
                  }
                });
                s.save(err -> { throw err; });
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void readOnOnlySomePathsIsReported() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void log(Object o) {}
              void run(Session s, boolean c) {
                s.save(err -> { // expect: unchecked-error
                  if (c) {
                    log(err);
                  }
                });
                s.save(err -> { // expect: unchecked-error
                  if (c) return;
                  log(err);
                });
                s.save(err -> {
                  if (c) {
                    log(err);
                  } else {
                    log("no error? " + err);
                  }
                });
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void pathsEndingInThrowAreExcused() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void log(Object o) {}
              void run(Session s, boolean c) {
                s.save(err -> {
                  if (c) throw new IllegalStateException("gave up");
                  log(err);
                });
                s.save(err -> { throw new UnsupportedOperationException(); });
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void anonymousClassMethodIsReportedByTypeAndMethod() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void log(Object o) {}
              void run(Session s) {
                s.save(new Callback() {
                  public void done(StoreError err) {} // expect: unchecked-error "does not read its error parameter 'err' on every path"
                });
                s.save(new Callback() {
                  public void done(StoreError err) {
                    log(err);
                  }
                });
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void methodReferencesToMethodsInTheCompilation() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void log(Object o) {}
              void ignore(StoreError e) {}
              void record(StoreError e) { log(e); }
              static void ignoreStatic(StoreError e) {}
              void run(Session s) {
                s.save(this::ignore); // expect: unchecked-error "the method reference this::ignore does not read its error parameter 'e'"
                s.save(Save::ignoreStatic); // expect: unchecked-error
                s.save(this::record);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void methodReferencesToLibraryMethodsAreNotChecked() {
    CheckerHarness.sources(
            """
            import api.*;
            import java.util.*;
            class Save {
              void run(Session s, List<Object> errors) {
                s.save(errors::add);
                s.save(System.out::println);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void everyImplementationIsChecked() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void later(Callback cb) {}
              Callback field = err -> {}; // expect: unchecked-error
              void run() {
                Callback cb = err -> {}; // expect: unchecked-error
                later(err -> {}); // expect: unchecked-error
                later(cb);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void namedImplementationsAreChecked() {
    CheckerHarness.sources(
            """
            import api.*;
            class Quiet implements Callback {
              @Override
              public void done(StoreError err) {} // expect: unchecked-error
            }
            class Loud implements Callback {
              @Override
              public void done(StoreError err) {
                if (err != null) throw err;
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void errorParametersAreInherited() {
    CheckerHarness.sources(
            """
            import api.*;
            interface NamedCallback extends Callback {}
            interface Redeclared extends Callback {
              @Override
              void done(StoreError err);
            }
            class Use {
              static void log(Object o) {}
              void run() {
                NamedCallback a = err -> {}; // expect: unchecked-error
                Redeclared b = err -> log("done"); // expect: unchecked-error
                Redeclared c = err -> log(err);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void userDeclaredErrorParameter() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.MustCheck;
            interface Handler {
              void handle(int code, @MustCheck Exception failure);
            }
            class Use {
              static void log(Object o) {}
              static void on(Handler h) {}
              void run() {
                on((code, failure) -> log(code)); // expect: unchecked-error "error parameter 'failure'"
                on((code, failure) -> log(code + ": " + failure));
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void interfacesWithoutErrorParametersAreIgnored() {
    CheckerHarness.sources(
            """
            import java.util.function.*;
            class Use {
              void run() {
                Consumer<Exception> c = e -> {};
                Runnable r = () -> {};
                c.accept(null);
                r.run();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void readingInANestedLambdaCounts() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static void log(Object o) {}
              static void defer(Runnable r) {}
              void run(Session s) {
                s.save(err -> defer(() -> log(err)));
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void unnamedErrorParameterIsReported() {
    assumeTrue(Runtime.version().feature() >= 22, "unnamed variables need Java 22; run on JDK 25");
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void run(Session s) {
                s.save(_ -> {}); // expect: unchecked-error
              }
            }
            """)
        .expectFromMarkers();
  }
}

package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/** {@code @SuppressWarnings("sessioncheck")} and {@code "sessioncheck:<id>"} on enclosing declarations. */
class SuppressionTest {

  @Test
  void onTheMethod() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              @SuppressWarnings("sessioncheck")
              void all(Session s, Callback cb) {
                s.save();
                s.destroy(cb);
                s.get("k");
              }
              @SuppressWarnings("sessioncheck:use-after-terminal")
              void one(Session s, Callback cb) {
                s.save(); // expect: unchecked-result
                s.destroy(cb);
                s.get("k");
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void onTheClassAndOnAnOuterClass() {
    CheckerHarness.sources(
            """
            import api.*;
            @SuppressWarnings("sessioncheck:unchecked-result")
            class Outer {
              void run(Session s) {
                s.save();
              }
              class Inner {
                void run(Session s, Callback cb) {
                  s.save();
                  s.destroy(cb);
                  s.get("k"); // expect: use-after-terminal
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void onTheLocalWhoseInitializerHoldsTheCall() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void run(Session s) {
                @SuppressWarnings("sessioncheck:unchecked-result")
                Result ignored = s.save();
                Result dropped = s.save(); // expect: unchecked-result
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void onAMethodOfAnAnonymousClassOrALambdaLocal() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              void run(Session s) {
                Runnable quiet = new Runnable() {
                  @SuppressWarnings("sessioncheck")
                  public void run() {
                    s.save();
                  }
                };
                Runnable loud = new Runnable() {
                  public void run() {
                    s.save(); // expect: unchecked-result
                  }
                };
                @SuppressWarnings("sessioncheck:unchecked-result")
                Runnable lambda = () -> s.save();
                Runnable other = () -> s.save(); // expect: unchecked-result
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void onAField() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              @SuppressWarnings("sessioncheck:unchecked-error")
              Callback quiet = err -> {};
              Callback loud = err -> {}; // expect: unchecked-error
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void otherIdsAndOtherToolsKeysDoNotSuppress() {
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              @SuppressWarnings({"unchecked", "sessioncheck:null-callback", "sessioncheck-unchecked-result"})
              void run(Session s) {
                s.save(); // expect: unchecked-result
              }
              @SuppressWarnings({"rawtypes", "sessioncheck:null-callback"})
              void nulls(Session s) {
                s.save(null);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void badAnnotationOnTheDeclarationItself() {
    CheckerHarness.sources(
            """
            import dev.sessioncheck.annotations.MustCheck;
            interface Store {
              @SuppressWarnings("sessioncheck:bad-annotation")
              @MustCheck void flush();
              @MustCheck void sync(); // expect: bad-annotation
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void onTheLocalThatHoldsAUse() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session s, Session t, Callback cb) {
                s.destroy(cb);
                t.destroy(cb);
                @SuppressWarnings("sessioncheck:use-after-terminal")
                Object quiet = s.get("a");
                Object loud = t.get("b"); // expect: use-after-terminal
              }
              void nulls(Session s) {
                @SuppressWarnings("sessioncheck:null-callback")
                Runnable quiet = () -> s.save(null);
                Runnable loud = () -> s.save(null); // expect: null-callback
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void anyFormOfTheAnnotationValue() {
    // javac folds constants in annotation values; so must the checker, like javac's own lint.
    CheckerHarness.sources(
            """
            import api.*;
            class Save {
              static final String ALL = "sessioncheck";
              static final String RESULTS = ALL + ":unchecked-result";
              @SuppressWarnings(value = {"sessioncheck"})
              void named(Session s) {
                s.save();
              }
              @SuppressWarnings(ALL)
              void constant(Session s) {
                s.save();
              }
              @SuppressWarnings({"unchecked", RESULTS})
              void concatenated(Session s) {
                s.save();
              }
              @SuppressWarnings("SESSIONCHECK")
              void keysAreCaseSensitive(Session s) {
                s.save(); // expect: unchecked-result
              }
            }
            """)
        .expectFromMarkers();
  }
}

package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/** {@code null-callback}: {@code null} where a callback with an error parameter is expected. */
class NullCallbackTest {

  @Test
  void nullCallbackOfALibraryMethod() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session s, Session t) {
                s.save(null); // expect: null-callback "null passed as the Callback callback of s.save(...)"
                t.destroy(null); // expect: null-callback "null passed as the Callback callback of t.destroy(...)"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void nullCallbackOfAUserMethodAndConstructor() {
    CheckerHarness.sources(
            """
            import api.*;
            class Job {
              Job(String name, Callback cb) {}
              static void whenDone(Callback cb) {}
              void run() {
                whenDone(null); // expect: null-callback
                new Job("x", null); // expect: null-callback
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void castNullIsStillNull() {
    CheckerHarness.sources(
            """
            import api.*;
            class Logout {
              void run(Session s) {
                s.save((Callback) null); // expect: null-callback
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void nullForOtherParametersIsFine() {
    CheckerHarness.sources(
            """
            import api.*;
            import java.util.function.Consumer;
            class Other {
              static void run(Runnable r) {}
              static void each(Consumer<StoreError> c) {}
              void go(Session s, Callback cb) {
                s.set("k", null);
                s.get(null);
                run(null);
                each(null);
                s.save(cb);
              }
            }
            """)
        .expectFromMarkers();
  }
}

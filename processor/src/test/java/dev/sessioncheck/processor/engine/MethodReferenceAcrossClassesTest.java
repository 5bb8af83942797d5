package dev.sessioncheck.processor.engine;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/**
 * A method reference whose target lives in another top-level class: javac analyses classes one at
 * a time and lowers each right after, so the target's trees are either not attributed yet or
 * already lowered when the reference is seen. The checker summarises the target when its own class
 * is analysed; the outcome must not depend on the order of the files.
 */
class MethodReferenceAcrossClassesTest {

  private static final String USER =
      """
      import api.*;
      class User {
        void run(Session s) {
          s.save(Handlers::ignores); // expect: unchecked-error "the method reference Handlers::ignores does not read its error parameter 'e'"
          s.save(Handlers::readsInALambda);
          s.save(Handlers::readsOnEveryPath);
          s.save(new Handlers()::ignoresToo); // expect: unchecked-error
        }
      }
      """;

  private static final String HANDLERS =
      """
      import api.*;
      class Handlers {
        static void ignores(StoreError e) {
          for (String x : java.util.List.of("a")) { System.out.println(x); }
        }
        static void readsInALambda(StoreError e) {
          Runnable r = () -> System.out.println(e);
          r.run();
        }
        static void readsOnEveryPath(StoreError e) {
          switch (e == null ? "ok" : "failed") {
            case "ok": return;
            default: System.out.println(e);
          }
        }
        void ignoresToo(StoreError e) {}
      }
      """;

  @Test
  void targetAnalysedAfterTheReference() {
    CheckerHarness.sources(USER, HANDLERS).expectFromMarkers();
  }

  @Test
  void targetAnalysedBeforeTheReference() {
    CheckerHarness.sources(HANDLERS, USER).expectFromMarkers();
  }

  @Test
  void throughThePlugin() {
    CheckerHarness.sources(HANDLERS, USER).viaPlugin().expectFromMarkers();
  }
}

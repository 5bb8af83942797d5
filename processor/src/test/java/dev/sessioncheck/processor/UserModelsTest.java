package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code -Asessioncheck.models=<file>}: contracts for a library nobody can annotate, in the same
 * line format as the built-in models. The {@code legacy} package below carries no annotations.
 */
class UserModelsTest {

  private static final String CONN =
      """
      package legacy;
      public interface Conn {
        void release();
        String name();
        void send(String s);
      }
      """;

  private static final String STORE =
      """
      package legacy;
      public interface Store {
        boolean flush();
      }
      """;

  private static final String POOL =
      """
      package legacy;
      public interface Pool {
        Conn take();
        void drain();
        int size();
      }
      """;

  private static String model(String name) {
    try {
      return Path.of(UserModelsTest.class.getResource("/models/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String CLIENT =
      """
      import legacy.*;
      class Client {
        void run(Conn c, Store st, Pool p) {
          st.flush(); // expect: unchecked-result
          c.release();
          String n = c.name();
          c.send(n); // expect: use-after-terminal "'c' is used after c.release() ended it on line 5"
          p.drain();
          int left = p.size();
          p.take(); // expect: use-after-terminal
        }
      }
      """;

  @Test
  void userModelsApply() {
    CheckerHarness.sources(CONN, STORE, POOL, CLIENT)
        .options("-Asessioncheck.models=" + model("legacy.txt"))
        .expectFromMarkers();
  }

  @Test
  void withoutTheModelsFileNothingIsKnown() {
    Result r = CheckerHarness.sources(CONN, STORE, POOL, CLIENT).compile();
    r.assertCompiledOtherwiseCleanly();
    assertEquals(0, r.sessioncheck().size(), r.toString());
  }

  @Test
  void malformedLinesAreSkippedWithoutBreakingTheBuild() {
    Result r =
        CheckerHarness.sources(
                CONN,
                STORE,
                """
                import legacy.*;
                class Client {
                  void run(Conn c, Store st) {
                    st.flush();
                    c.release();
                    c.send("x");
                  }
                }
                """)
            .options("-Asessioncheck.models=" + model("broken.txt"))
            .compile();
    r.assertCompiledOtherwiseCleanly();
    assertEquals(1, r.sessioncheck("use-after-terminal").size(), r.toString());
    assertEquals(0, r.sessioncheck("unchecked-result").size(), r.toString());
  }

  @Test
  void aMissingModelsFileDoesNotBreakTheBuild() {
    Result r =
        CheckerHarness.sources(CONN, STORE, POOL, CLIENT)
            .options("-Asessioncheck.models=/nonexistent/sessioncheck-models.txt")
            .compile();
    r.assertCompiledOtherwiseCleanly();
    assertTrue(r.succeeded(), r.toString());
  }
}

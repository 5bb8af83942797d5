package dev.sessioncheck.processor.testing;

import java.util.List;

/**
 * The stub session API every checker test compiles against (package {@code api}), as the checker
 * seam specifies it. Small on purpose: each member exists because some rule needs it.
 *
 * <p>{@link CheckerHarness} adds these units to every compilation unless one of the test's own
 * units declares {@code package api;} or the test opts out with {@code withoutTestApi()}.
 */
public final class TestApi {
  private TestApi() {}

  public static final String SESSION =
      """
      package api;

      import dev.sessioncheck.annotations.MustCheck;
      import dev.sessioncheck.annotations.TerminalOp;

      public interface Session {
        @MustCheck @TerminalOp(allowAfter = {"id"}) Result destroy();
        @TerminalOp void destroy(Callback cb);
        @MustCheck Result save();
        void save(Callback cb);
        String id();
        Object get(String key);
        void set(String key, Object value);
        @MustCheck @TerminalOp Session regenerate();
      }
      """;

  public static final String CALLBACK =
      """
      package api;

      import dev.sessioncheck.annotations.MustCheck;

      @FunctionalInterface
      public interface Callback {
        void done(@MustCheck StoreError err);
      }
      """;

  public static final String RESULT =
      """
      package api;

      public interface Result {
        boolean ok();
      }
      """;

  // Unchecked so that callback bodies may `throw err;` (a read of the error parameter).
  public static final String STORE_ERROR =
      """
      package api;

      public class StoreError extends RuntimeException {
        public StoreError(String message) {
          super(message);
        }
      }
      """;

  public static final String SESSIONS =
      """
      package api;

      import dev.sessioncheck.annotations.TerminalOp;

      public final class Sessions {
        private Sessions() {}

        public static void release(@TerminalOp Session s) {}
      }
      """;

  /** All units of package {@code api}, in dependency-free order. */
  public static final List<String> SOURCES =
      List.of(SESSION, CALLBACK, RESULT, STORE_ERROR, SESSIONS);
}

package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.processor.model.Contracts;
import dev.sessioncheck.processor.model.Models;
import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  /**
   * Issue 6: a malformed line is an error naming file and line (the contracts written there would
   * otherwise be lost without a word); every bad line is named in one build, and the good lines
   * still apply, so the findings they give are not hidden behind the fix of the file.
   */
  @Test
  void malformedLinesAreErrorsNamingFileAndLineAndTheRestStillApplies() {
    String file = model("broken.txt");
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
            .options("-Asessioncheck.models=" + file)
            .compile();
    assertFalse(r.succeeded(), r.toString());
    List<String> errors = setupErrors(r);
    assertEquals(3, errors.size(), errors.toString());
    for (int line = 2; line <= 4; line++) {
      String at = "sessioncheck: bad library model: " + file + ":" + line + ": ";
      assertTrue(errors.stream().anyMatch(e -> e.startsWith(at)), at + " in " + errors);
    }
    assertTrue(errors.get(0).contains("Fix or remove the line"), errors.toString());
    assertEquals(1, r.sessioncheck("use-after-terminal").size(), r.toString());
    assertEquals(0, r.sessioncheck("unchecked-result").size(), r.toString());
  }

  /** A models file that cannot be read loses every contract in it: an error naming the path tried. */
  @Test
  void aMissingModelsFileIsAnErrorNamingThePathTried() {
    Result r =
        CheckerHarness.sources(CONN, STORE, POOL, CLIENT)
            .options("-Asessioncheck.models=no-such-dir/sessioncheck-models.txt")
            .compile();
    assertFalse(r.succeeded(), r.toString());
    List<String> errors = setupErrors(r);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("sessioncheck: bad library model: no-such-dir/sessioncheck-models.txt: cannot read "
        + Path.of("no-such-dir/sessioncheck-models.txt").toAbsolutePath()), errors.toString());
  }

  private static List<String> setupErrors(Result r) {
    return r.diagnostics().stream()
        .filter(d -> d.kind() == Diagnostic.Kind.ERROR && !d.isSessioncheck())
        .map(d -> d.message())
        .collect(Collectors.toList());
  }

  private static final String UTIL =
      """
      package legacy;
      public final class Util {
        public static Conn open() { return null; }
      }
      """;

  /** Lines with typos: each names something the type does not have (the line numbers matter). */
  private static final String TYPOS =
      """
      terminal legacy.Conn#relase
      mustcheck legacy.Conn#send
      terminal legacy.Conn#release allowAfter=nme
      terminal legacy.Pool#* allowAfter=size except=sise
      terminal legacy.Util#open
      mustcheck legacy.Store#flush
      terminal absent.Library#close
      """;

  private static Path typos(Path dir) throws IOException {
    Path file = dir.resolve("typos.txt");
    Files.writeString(file, TYPOS);
    return file;
  }

  /**
   * A line whose type is on the class path but which names no method of it (or a void method for
   * mustcheck, a static one for terminal, a wrong allowAfter/except name) is a problem; a line
   * whose type is absent is not (one file serves builds that use only some of its libraries).
   */
  @Test
  void linesNamingMethodsTheTypeLacksAreProblems(@TempDir Path dir) throws IOException {
    Path file = typos(dir);
    Models models = Models.load(file.toString());
    assertEquals(List.of(), models.problems());
    List<String> problems =
        LibraryModelsTest.withElements(
            List.of(CONN, STORE, POOL, UTIL),
            (elements, types) -> new Contracts(elements, types, models).modelProblems());
    String f = file.toString();
    assertEquals(
        List.of(
            f + ":1: legacy.Conn has no method 'relase', so this line matches nothing",
            f + ":2: legacy.Conn#send returns nothing, so there is no result to check",
            f + ":3: allowAfter names 'nme', which is no method of legacy.Conn",
            f + ":4: except names 'sise', which is no method of legacy.Pool",
            f + ":5: legacy.Util#open is static, so it has no receiver to end"),
        problems);
  }

  /**
   * End to end: the problems above reach the user as warnings, once, and the build goes on. Needs
   * the Analyzer (outside the model package) to print {@link Contracts#modelProblems()} with the
   * unreadable lines it already prints.
   */
  @Test
  void methodsThatDoNotExistAreWarnings(@TempDir Path dir) throws IOException {
    Result r =
        CheckerHarness.sources(CONN, STORE, POOL, UTIL, CLIENT)
            .options("-Asessioncheck.models=" + typos(dir))
            .compile();
    List<String> warnings =
        r.diagnostics().stream()
            .filter(d -> d.kind() == Diagnostic.Kind.WARNING && d.message().contains("library model does not match its type"))
            .map(d -> d.message())
            .collect(Collectors.toList());
    assertEquals(5, warnings.size(), r.toString());
    assertTrue(warnings.get(0).contains("legacy.Conn has no method 'relase'"), warnings.toString());
    // The lines still apply: mustcheck legacy.Store#flush is intact.
    assertEquals(1, r.sessioncheck("unchecked-result").size(), r.toString());
  }
}

package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.TestApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contracts read from class files of an earlier compilation (the annotations have CLASS
 * retention), as when the session library comes from a jar.
 */
class ClassFileContractsTest {

  @TempDir static Path classes;

  private static final String TICKETS =
      """
      package lib;
      import dev.sessioncheck.annotations.MustCheck;
      @MustCheck
      public interface Ticket {
        boolean valid();
        static Ticket issue() { return () -> true; }
      }
      """;

  private static final String BASE =
      """
      package lib;
      import api.*;
      public abstract class BaseSession implements Session {
        @Override public Result save() { return () -> true; }
      }
      """;

  @BeforeAll
  static void compileLibrary() {
    List<String> lib = new ArrayList<>(TestApi.SOURCES);
    lib.add(TICKETS);
    lib.add(BASE);
    CheckerHarness.Result r = CheckerHarness.sources(lib).withoutChecker().compile();
    r.assertCompiledOtherwiseCleanly();
    r.writeClassesTo(classes);
  }

  private static CheckerHarness.Builder client(String source) {
    return CheckerHarness.sources(source).withoutTestApi().classpath(classes);
  }

  @Test
  void terminalAndMustCheckFromClassFiles() {
    client(
            """
            import api.*;
            class Client {
              void run(Session s, Session t, Callback cb) {
                s.save(); // expect: unchecked-result
                Result r = s.destroy();
                if (!r.ok()) throw new IllegalStateException(s.id());
                s.get("k"); // expect: use-after-terminal
                Sessions.release(t);
                t.get("k"); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void errorParameterFromClassFiles() {
    client(
            """
            import api.*;
            class Client {
              static void log(Object o) {}
              void run(Session s) {
                s.save(err -> {}); // expect: unchecked-error
                s.save(null); // expect: null-callback
                s.save(err -> log(err));
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void mustCheckTypeAndInheritedContractFromClassFiles() {
    client(
            """
            import lib.*;
            class Client {
              void run(BaseSession s) {
                Ticket.issue(); // expect: unchecked-result
                s.save(); // expect: unchecked-result
                if (!Ticket.issue().valid()) throw new IllegalStateException();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void cleanClientCompilesCleanly() {
    client(
            """
            import api.*;
            class Client {
              void run(Session s) {
                Result saved = s.save();
                if (!saved.ok()) throw new IllegalStateException();
                s.destroy(err -> { if (err != null) throw err; });
              }
            }
            """)
        .expectFromMarkers();
  }
}

package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Diag;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every file of one compilation is checked in that one run; javac does not stop at the first. */
class MultiFileTest {

  @Test
  void violationsInSeveralFilesAreAllReported() {
    Result r =
        CheckerHarness.sources(
                """
                package app.web;
                import api.*;
                public class Logout {
                  public void run(Session s, Callback cb) {
                    s.destroy(cb);
                    s.get("user"); // expect: use-after-terminal
                  }
                }
                """,
                """
                package app.web;
                import api.*;
                class Save {
                  void run(Session s) {
                    s.save(); // expect: unchecked-result
                  }
                }
                """,
                """
                package app.jobs;
                import api.*;
                class Cleanup {
                  void run(Session s) {
                    s.save(err -> {}); // expect: unchecked-error
                  }
                }
                class Second {
                  void run(Session s) {
                    s.save(null); // expect: null-callback
                  }
                }
                """,
                """
                package app;
                import api.*;
                class Clean {
                  void run(Session s) {
                    if (!s.save().ok()) throw new IllegalStateException();
                  }
                }
                """)
            .expectFromMarkers();
    assertEquals(
        List.of("app/jobs/Cleanup.java", "app/web/Logout.java", "app/web/Save.java"),
        r.sessioncheck().stream().map(Diag::file).distinct().sorted().toList(),
        r.toString());
  }

  @Test
  void aFileThatUsesAnotherFilesContracts() {
    CheckerHarness.sources(
            """
            package lib;
            import dev.sessioncheck.annotations.*;
            public interface Lease {
              @TerminalOp void release();
              @MustCheck boolean renew();
            }
            """,
            """
            package app;
            import lib.Lease;
            class Use {
              void run(Lease l) {
                l.renew(); // expect: unchecked-result
                l.release();
                l.release(); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }
}

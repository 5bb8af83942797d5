package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Diag;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 item 4: a use-after-terminal error is followed by a NOTE at the call that ended the value
 * ({@code 'session' was ended here by destroy()}), like a labelled secondary span. One note per
 * ending call that reaches the use, in line order (so for "may" the first names the call the error
 * names); on by default, off with {@code -Asessioncheck.notes=false} or the plugin's {@code
 * notes=false}; dropped with the error it belongs to.
 */
class SecondaryLocationsTest {

  private static final String DEFINITE =
      """
      import api.*;
      class LogoutHandler {
        void run(Session session, Callback cb) {
          session.destroy(cb);
          Object user = session.get("user"); // expect: use-after-terminal
        }
      }
      """;

  /** What javac prints, one line per diagnostic: kind, line:column, first line of the message. */
  private static List<String> printed(Result r) {
    return r.diagnostics().stream()
        .map(d -> d.kind() + " " + d.line() + ":" + d.column() + " " + d.firstLine())
        .collect(Collectors.toList());
  }

  /** 1-based column of {@code token} on 1-based {@code line}, plus {@code shift}. */
  private static long column(String source, int line, String token, int shift) {
    String text = source.split("\n", -1)[line - 1];
    int at = text.indexOf(token);
    assertTrue(at >= 0, "'" + token + "' not on line " + line + ": " + text);
    return at + 1 + shift;
  }

  @Test
  void noteAtTheEndingCallRightAfterTheError() {
    Result r = CheckerHarness.sources(DEFINITE).expectFromMarkers();
    // javac's caret for a call is its '(' (as for its own "unreported exception" errors); the
    // range is the whole call, which is what an IDE underlines.
    assertEquals(
        List.of(
            "ERROR 5:" + column(DEFINITE, 5, "session.get", 0)
                + " [sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 4",
            "NOTE 4:" + column(DEFINITE, 4, "destroy(", "destroy".length())
                + " [sessioncheck:use-after-terminal] 'session' was ended here by destroy()"),
        printed(r));
    Diag note = r.notes().get(0);
    assertEquals("session.destroy(cb)", r.sourceRange(note));
    assertEquals("", note.rest(), "a note is one line");
    assertEquals(List.of(note), r.notesOf(r.sessioncheck().get(0)));
  }

  @Test
  void theNoteDoesNotChangeTheFindingsOrTheBuildResult() {
    Result on = CheckerHarness.sources(DEFINITE).expectFromMarkers();
    Result off = CheckerHarness.sources(DEFINITE).options("-Asessioncheck.notes=false").expectFromMarkers();
    assertEquals(off.sessioncheck(), on.sessioncheck());
    assertEquals(1, on.compilation().errors().size(), on.toString());
    assertFalse(on.succeeded());
  }

  @Test
  void notesFalseTurnsThemOff() {
    Result r = CheckerHarness.sources(DEFINITE).options("-Asessioncheck.notes=false").expectFromMarkers();
    assertEquals(List.of(), r.notes(), r.toString());
    assertEquals(1, r.diagnostics().size(), r.toString());
    Result explicitOn = CheckerHarness.sources(DEFINITE).options("-Asessioncheck.notes=true").expectFromMarkers();
    assertEquals(1, explicitOn.notes().size(), explicitOn.toString());
  }

  @Test
  void warnModeKeepsTheNoteANote() {
    Result r = CheckerHarness.sources(DEFINITE).options("-Asessioncheck.warn=true").expectFromMarkers();
    assertEquals(
        List.of(Diagnostic.Kind.WARNING, Diagnostic.Kind.NOTE),
        r.diagnostics().stream().map(Diag::kind).collect(Collectors.toList()),
        r.toString());
    assertTrue(r.succeeded(), r.toString());
  }

  @Test
  void theNoteGoesWithASuppressedOrDisabledError() {
    Result suppressed =
        CheckerHarness.sources(
                """
                import api.*;
                class LogoutHandler {
                  @SuppressWarnings("sessioncheck:use-after-terminal")
                  void run(Session session, Callback cb) {
                    session.destroy(cb);
                    Object user = session.get("user");
                  }
                }
                """)
            .expectFromMarkers();
    assertEquals(List.of(), suppressed.diagnostics(), suppressed.toString());
    // Suppressed at the use only: the ending call is outside the suppressing declaration.
    Result useSuppressed =
        CheckerHarness.sources(
                """
                import api.*;
                class LogoutHandler {
                  void run(Session session, Callback cb) {
                    session.destroy(cb);
                    @SuppressWarnings("sessioncheck") Object user = session.get("user");
                  }
                }
                """)
            .expectFromMarkers();
    assertEquals(List.of(), useSuppressed.diagnostics(), useSuppressed.toString());
    Result disabled =
        CheckerHarness.sources(DEFINITE)
            .options("-Asessioncheck.disable=use-after-terminal")
            .compile();
    assertEquals(List.of(), disabled.diagnostics(), disabled.toString());
  }

  @Test
  void mayCaseHasOneNotePerEndingCallFirstTheOneTheErrorNames() {
    String src =
        """
        import api.*;
        class LogoutHandler {
          void run(Session s, Callback cb, int n) {
            if (n == 1) s.destroy(cb);
            else if (n == 2) Sessions.release(s);
            s.set("k", 1); // expect: use-after-terminal "'s' may be used after s.destroy() ended it on line 4"
          }
        }
        """;
    Result r = CheckerHarness.sources(src).expectFromMarkers();
    assertEquals(
        List.of(
            "ERROR 6:" + column(src, 6, "s.set", 0)
                + " [sessioncheck:use-after-terminal] 's' may be used after s.destroy() ended it on line 4",
            "NOTE 4:" + column(src, 4, "destroy(", "destroy".length())
                + " [sessioncheck:use-after-terminal] 's' was ended here by destroy()",
            "NOTE 5:" + column(src, 5, "release(", "release".length())
                + " [sessioncheck:use-after-terminal] 's' was ended here by release(s)"),
        printed(r));
  }

  @Test
  void theNoteNamesTheValueAsTheErrorDoes() {
    String src =
        """
        import api.*;
        class A {
          void run(Session s) {
            Session copy = s;
            Sessions.release(s);
            copy.get("k"); // expect: use-after-terminal "'copy' is used after release(s) ended it on line 5"
          }
        }
        """;
    Result r = CheckerHarness.sources(src).expectFromMarkers();
    assertEquals(
        List.of("[sessioncheck:use-after-terminal] 'copy' was ended here by release(s)"),
        r.notes().stream().map(Diag::message).collect(Collectors.toList()));
    assertEquals(5, r.notes().get(0).line());
    assertEquals("Sessions.release(s)", r.sourceRange(r.notes().get(0)));
  }

  @Test
  void eachErrorKeepsItsOwnNoteWhenFindingsAreSortedByLine() {
    String src =
        """
        import api.*;
        class A {
          void run(Session a, Session b, Callback cb) {
            Sessions.release(b);
            a.destroy(cb);
            a.get("k"); // expect: use-after-terminal
            b.get("k"); // expect: use-after-terminal
          }
        }
        """;
    Result r = CheckerHarness.sources(src).expectFromMarkers();
    assertEquals(
        List.of(
            "ERROR 6:" + column(src, 6, "a.get", 0)
                + " [sessioncheck:use-after-terminal] 'a' is used after a.destroy() ended it on line 5",
            "NOTE 5:" + column(src, 5, "destroy(", "destroy".length())
                + " [sessioncheck:use-after-terminal] 'a' was ended here by destroy()",
            "ERROR 7:" + column(src, 7, "b.get", 0)
                + " [sessioncheck:use-after-terminal] 'b' is used after release(b) ended it on line 4",
            "NOTE 4:" + column(src, 4, "release(", "release".length())
                + " [sessioncheck:use-after-terminal] 'b' was ended here by release(b)"),
        printed(r));
  }

  @Test
  void twoErrorsEndedByTheSameCallEachCarryTheirNote() {
    String src =
        """
        import api.*;
        class A {
          static void log(Object o) {}
          void run(Session session) {
            session.destroy(err -> log(err + " " + session.get("user"))); // expect: use-after-terminal
            session.id(); // expect: use-after-terminal
          }
        }
        """;
    Result r = CheckerHarness.sources(src).expectFromMarkers();
    String note =
        "NOTE 5:" + column(src, 5, "destroy(", "destroy".length())
            + " [sessioncheck:use-after-terminal] 'session' was ended here by destroy()";
    assertEquals(
        List.of(
            "ERROR 5:" + column(src, 5, "session.get", 0)
                + " [sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 5",
            note,
            "ERROR 6:" + column(src, 6, "session.id", 0)
                + " [sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 5",
            note),
        printed(r));
  }

  @Test
  void aLoopReportsTheNoteOnce() {
    String src =
        """
        import api.*;
        class A {
          void run(Session s, Callback cb, int n) {
            for (int i = 0; i < n; i++) {
              s.set("i", i); // expect: use-after-terminal "may be used after s.destroy() ended it on line 6"
              if (i == 3) {
                s.destroy(cb);
              }
            }
          }
        }
        """;
    Result r = CheckerHarness.sources(src).compile();
    assertEquals(1, r.notes().size(), r.toString());
    assertEquals(7, r.notes().get(0).line(), r.toString());
  }

  @Test
  void pluginDoorPrintsTheSameNotesAndHonoursNotesFalse() {
    Result processor = CheckerHarness.sources(DEFINITE).expectFromMarkers();
    Result plugin = CheckerHarness.sources(DEFINITE).viaPlugin().expectFromMarkers();
    assertEquals(printed(processor), printed(plugin));
    assertEquals(1, plugin.notes().size(), plugin.toString());
    Result pluginOff = CheckerHarness.sources(DEFINITE).viaPlugin("notes=false").expectFromMarkers();
    assertEquals(List.of(), pluginOff.notes(), pluginOff.toString());
    assertEquals(1, pluginOff.sessioncheck().size(), pluginOff.toString());
  }
}

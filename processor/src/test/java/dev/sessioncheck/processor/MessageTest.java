package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Diag;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * The exact wording of each rule's first line (what an IDE shows), the fix sentence after it, and
 * where each diagnostic points: line, column (javac's preferred position) and source range.
 */
class MessageTest {

  /** Compiles {@code source}, expects exactly one sessioncheck diagnostic and returns it. */
  private static Diag single(String source) {
    Result r = CheckerHarness.sources(source).compile();
    r.assertCompiledOtherwiseCleanly();
    List<Diag> ds = r.sessioncheck();
    assertEquals(1, ds.size(), "expected exactly one sessioncheck diagnostic:\n" + r);
    Diag d = ds.get(0);
    assertEquals(Diagnostic.Kind.ERROR, d.kind(), d.toString());
    assertFixSentence(d);
    return d;
  }

  private static void assertFixSentence(Diag d) {
    String first = d.firstLine();
    assertFalse(first.endsWith("."), "first line must not end with a period: " + first);
    String afterPrefix = first.substring(first.indexOf(']') + 2);
    char c = afterPrefix.charAt(0);
    assertTrue(
        Character.isLowerCase(c) || c == '\'' || c == '@'
            || afterPrefix.matches("^[A-Z]\\w*\\.\\w+ .*"),
        "first line should start lowercase (or with a quoted or Type.method name): " + first);
    String fix = d.rest();
    assertFalse(fix.isBlank(), "no fix sentence after the first line: " + d.message());
    assertFalse(fix.strip().contains("\n"), "the fix should be one line: " + d.message());
  }

  /** 1-based column of the {@code occurrence}-th (0-based) {@code token} on 1-based {@code line}. */
  private static long column(String source, int line, String token) {
    String text = source.split("\n", -1)[line - 1];
    int at = text.indexOf(token);
    assertTrue(at >= 0, "'" + token + "' not on line " + line + ": " + text);
    return at + 1;
  }

  /** Offset of {@code token} on 1-based {@code line} within the whole source. */
  private static long offset(String source, int line, String token) {
    int lineStart = 0;
    for (int i = 1; i < line; i++) {
      lineStart = source.indexOf('\n', lineStart) + 1;
    }
    return lineStart + column(source, line, token) - 1;
  }

  private static void assertAt(String source, Diag d, int line, String token, String range) {
    assertEquals(line, d.line(), "line of " + d);
    assertEquals(column(source, line, token), d.column(), "column of " + d);
    assertEquals(offset(source, line, token), d.startPosition(), "start of " + d);
    if (range != null) {
      assertEquals(range, source.substring((int) d.startPosition(), (int) d.endPosition()),
          "source range of " + d);
    }
  }

  @Test
  void useAfterTerminalDefinite() {
    String src =
        """
        import api.*;
        class LogoutHandler {
          void run(Session session, Callback cb) {
            session.destroy(cb);
            Object user = session.get("user");
          }
        }
        """;
    Diag d = single(src);
    assertEquals(
        "[sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 4",
        d.firstLine());
    // Points at the variable at the use, as javac's caret under `session` in DESIGN.md.
    assertAt(src, d, 5, "session.get", null);
  }

  @Test
  void useAfterTerminalMay() {
    String src =
        """
        import api.*;
        class LogoutHandler {
          void run(Session s, Callback cb, int n) {
            if (n == 1) s.destroy(cb);
            else if (n == 2) Sessions.release(s);
            s.set("k", 1);
          }
        }
        """;
    Diag d = single(src);
    assertEquals(
        "[sessioncheck:use-after-terminal] 's' may be used after s.destroy() ended it on line 4",
        d.firstLine());
    assertAt(src, d, 6, "s.set", null);
  }

  @Test
  void useAfterTerminalNamesTheAliasAndTheParameterForm() {
    String alias =
        """
        import api.*;
        class A {
          void run(Session s) {
            Session copy = s;
            Sessions.release(s);
            copy.get("k");
          }
        }
        """;
    Diag d = single(alias);
    assertEquals(
        "[sessioncheck:use-after-terminal] 'copy' is used after release(s) ended it on line 5",
        d.firstLine());
    assertAt(alias, d, 6, "copy.get", null);
  }

  @Test
  void useInsideTheCallbackOfTheTerminalCall() {
    String src =
        """
        import api.*;
        class A {
          static void log(Object o) {}
          void run(Session session) {
            session.destroy(err -> log(err + " " + session.get("user")));
          }
        }
        """;
    Diag d = single(src);
    assertEquals(
        "[sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 5",
        d.firstLine());
    assertAt(src, d, 5, "session.get", null);
  }

  @Test
  void uncheckedResultDiscarded() {
    String src =
        """
        import api.*;
        class A {
          void run(Session s) {
            s.save();
          }
        }
        """;
    Diag d = single(src);
    assertEquals("[sessioncheck:unchecked-result] the result of s.save() is discarded", d.firstLine());
    assertEquals(4, d.line());
    assertEquals(offset(src, 4, "s.save()"), d.startPosition(), "starts at the call: " + d);
    assertEquals("s.save()", src.substring((int) d.startPosition(), (int) d.endPosition()));
  }

  @Test
  void uncheckedResultDropped() {
    String src =
        """
        import api.*;
        class A {
          void run(Session s, boolean c) {
            Result r = s.save();
            if (c) {
              return;
            }
            if (!r.ok()) throw new IllegalStateException();
          }
        }
        """;
    Diag d = single(src);
    assertEquals(
        "[sessioncheck:unchecked-result] the result of s.save() in 'r' is not checked before it is dropped on line 6",
        d.firstLine());
    assertEquals(4, d.line());
    assertEquals(offset(src, 4, "s.save()"), d.startPosition(), "starts at the call: " + d);
    assertEquals("s.save()", src.substring((int) d.startPosition(), (int) d.endPosition()));
  }

  @Test
  void uncheckedErrorLambda() {
    String src =
        """
        import api.*;
        class A {
          static void log(Object o) {}
          void run(Session s) {
            s.destroy(err -> log("bye"));
          }
        }
        """;
    Diag d = single(src);
    assertEquals(
        "[sessioncheck:unchecked-error] the lambda passed to s.destroy(...) does not read its error parameter 'err' on every path",
        d.firstLine());
    assertAt(src, d, 5, "err ->", "err -> log(\"bye\")");
  }

  @Test
  void uncheckedErrorMethodReference() {
    String src =
        """
        import api.*;
        class A {
          void ignore(StoreError e) {}
          void run(Session s) {
            s.save(this::ignore);
          }
        }
        """;
    Diag d = single(src);
    assertEquals(
        "[sessioncheck:unchecked-error] the method reference this::ignore does not read its error parameter 'e' on every path",
        d.firstLine());
    assertAt(src, d, 5, "this::ignore", "this::ignore");
  }

  @Test
  void uncheckedErrorAnonymousClassMethod() {
    String src =
        """
        import api.*;
        class A {
          void run(Session s) {
            s.save(new Callback() {
              public void done(StoreError err) {
              }
            });
          }
        }
        """;
    Diag d = single(src);
    assertEquals(
        "[sessioncheck:unchecked-error] Callback.done does not read its error parameter 'err' on every path",
        d.firstLine());
    // The method declaration: javac's preferred position of a method is its name.
    assertEquals(5, d.line(), d.toString());
    assertEquals(column(src, 5, "done("), d.column(), d.toString());
  }

  @Test
  void nullCallback() {
    String src =
        """
        import api.*;
        class A {
          void run(Session s) {
            s.save(null);
          }
        }
        """;
    Diag d = single(src);
    assertEquals(
        "[sessioncheck:null-callback] null passed as the Callback callback of s.save(...)",
        d.firstLine());
    assertAt(src, d, 4, "null", "null");
  }

  @Test
  void badAnnotationNamesTheMethodAndPointsAtTheDeclaration() {
    String src =
        """
        import dev.sessioncheck.annotations.MustCheck;
        interface Store {
          @MustCheck
          void flush();
        }
        """;
    Diag d = single(src);
    assertTrue(d.firstLine().startsWith("[sessioncheck:bad-annotation] "), d.firstLine());
    assertTrue(d.firstLine().contains("flush"), "names the method: " + d.firstLine());
    assertTrue(d.firstLine().contains("MustCheck"), "names the annotation: " + d.firstLine());
    assertEquals(4, d.line(), d.toString());
    assertEquals(column(src, 4, "flush"), d.column(), d.toString());
  }

  @Test
  void badAnnotationStaticTerminal() {
    String src =
        """
        import dev.sessioncheck.annotations.TerminalOp;
        class Pool {
          @TerminalOp
          static void shutdown() {}
        }
        """;
    Diag d = single(src);
    assertTrue(d.firstLine().startsWith("[sessioncheck:bad-annotation] "), d.firstLine());
    assertTrue(d.firstLine().contains("shutdown"), d.firstLine());
    assertTrue(d.firstLine().contains("static"), d.firstLine());
    assertEquals(4, d.line(), d.toString());
    assertEquals(column(src, 4, "shutdown"), d.column(), d.toString());
  }
}

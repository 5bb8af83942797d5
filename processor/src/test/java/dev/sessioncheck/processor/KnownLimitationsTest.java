package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/**
 * Bugs the checker knowingly does not find. Each source below contains a real mistake and each test
 * asserts that sessioncheck stays silent about it, so that the documented limitations
 * (docs/rules/*.md) stay true. If the checker gets smarter, a test here fails: move the case into
 * the rule's test class with an {@code // expect:} marker and update the docs.
 */
class KnownLimitationsTest {

  private static void silent(String source) {
    CheckerHarness.sources(source).expectFromMarkers();
  }

  @Test
  void aHelperMethodThatEndsTheValue() {
    // Intraprocedural: a call is only terminal if its declaration says so. `end` has no
    // @TerminalOp, so `run` does not know the session is gone.
    silent(
        """
        import api.*;
        class Helper {
          static void end(Session s, Callback cb) { s.destroy(cb); }
          void run(Session s, Callback cb) {
            end(s, cb);
            s.get("user");
          }
        }
        """);
  }

  @Test
  void aHelperMethodThatDropsTheResult() {
    // Intraprocedural: `wrap` returns the @MustCheck result, which counts as inspecting it there;
    // `wrap` itself is not @MustCheck, so its callers owe nothing.
    silent(
        """
        import api.*;
        class Wrap {
          static Result wrap(Session s) { return s.save(); }
          void run(Session s) {
            wrap(s);
          }
        }
        """);
  }

  @Test
  void aSessionStoredInACollectionThenEnded() {
    // Collection elements are not tracked references: list.get(0) is a call result, which is
    // never the same reference as anything the method holds.
    silent(
        """
        import api.*;
        import java.util.*;
        class Stored {
          void run(Session s, Callback cb) {
            List<Session> all = new ArrayList<>();
            all.add(s);
            all.get(0).destroy(cb);
            s.get("user");
          }
        }
        """);
  }

  @Test
  void anArrayElementEnded() {
    // Array elements are not tracked references either.
    silent(
        """
        import api.*;
        class Arrays {
          void run(Session s, Callback cb) {
            Session[] box = {s};
            box[0].destroy(cb);
            s.get("user");
          }
        }
        """);
  }

  @Test
  void aFieldEndedInOneMethodAndUsedInAnother() {
    // Field facts live only inside one method body; another method cannot know the order in
    // which the two are called.
    silent(
        """
        import api.*;
        class Holder {
          Session session;
          void logout(Callback cb) { session.destroy(cb); }
          Object user() { return session.get("user"); }
          void run(Callback cb) {
            logout(cb);
            user();
          }
        }
        """);
  }

  @Test
  void aStaticField() {
    // Tracked references are locals, parameters, `this` and field paths rooted at them; a static
    // field has no such root.
    silent(
        """
        import api.*;
        class Global {
          static Session current;
          void run(Callback cb) {
            current.destroy(cb);
            current.get("user");
          }
        }
        """);
  }

  @Test
  void reflection() {
    // A reflective call has no contract: Method.invoke is not @TerminalOp.
    silent(
        """
        import api.*;
        class Reflect {
          void run(Session s, Callback cb) throws Exception {
            Session.class.getMethod("destroy", Callback.class).invoke(s, cb);
            s.get("user");
          }
        }
        """);
  }

  @Test
  void aTerminalCallThroughAMethodReference() {
    // The method reference is only a value; calling it through Consumer.accept is not a
    // @TerminalOp call.
    silent(
        """
        import api.*;
        import java.util.function.Consumer;
        class Ref {
          void run(Session s) {
            Consumer<Session> end = Sessions::release;
            end.accept(s);
            s.get("user");
          }
        }
        """);
  }

  @Test
  void theSameObjectReturnedByACall() {
    // The result of a call is never the same reference as its argument (DESIGN.md), even when
    // the callee returns its argument. (Passing `s` is allowed: the parameter is a type variable.)
    silent(
        """
        import api.*;
        class Same {
          static <T> T same(T x) { return x; }
          void run(Session s, Callback cb) {
            s.destroy(cb);
            same(s).get("user");
          }
        }
        """);
  }

  @Test
  void aLambdaWrittenBeforeTheEndAndRunAfterIt() {
    // A lambda body starts from the state where the lambda is written, not where it runs.
    silent(
        """
        import api.*;
        class Later {
          void run(Session s, Callback cb) {
            Runnable show = () -> s.get("user");
            s.destroy(cb);
            show.run();
          }
        }
        """);
  }

  @Test
  void aLambdaThatEndsACapturedValue() {
    // A lambda body is analysed on its own; what it does to captured values does not flow back
    // into the enclosing method (it may run later, or never).
    silent(
        """
        import api.*;
        class Inside {
          void run(Session s) {
            Runnable end = () -> Sessions.release(s);
            end.run();
            s.get("user");
          }
        }
        """);
  }

  @Test
  void obligationsOnPathsThatThrowOutOfTheMethod() {
    // By design: when the method is left by an exception, results not yet checked are not
    // reported (the exception is the louder failure, and reporting every call that may throw
    // would drown the real findings).
    silent(
        """
        import api.*;
        class Throws {
          static void other() {}
          void run(Session s, boolean fail) {
            Result r = s.save();
            if (fail) {
              throw new IllegalStateException("r was never checked on this path");
            }
            other();
            if (!r.ok()) throw new IllegalStateException();
          }
        }
        """);
  }

  @Test
  void anyReadCountsAsAnInspection() {
    // "Inspected" is syntactic: passing the result to any method, or storing it anywhere,
    // discharges the obligation even if that code then ignores it.
    silent(
        """
        import api.*;
        import java.util.*;
        class Ignored {
          static void ignore(Object o) {}
          void run(Session s, List<Result> sink) {
            ignore(s.save());
            sink.add(s.save());
            Result r = s.save();
            String unused = "" + r;
          }
        }
        """);
  }

  @Test
  void aNullCallbackPassedThroughAVariable() {
    // null-callback looks for the literal `null` at the call; it does not track null values.
    silent(
        """
        import api.*;
        class NullVar {
          void run(Session s) {
            Callback none = null;
            s.save(none);
          }
        }
        """);
  }

  @Test
  void aValueChosenByAConditionalIsNotAnAlias() {
    // Only must-aliases are tracked: `a` refers to s or to other depending on the path, so it
    // gets a value of its own, and ending it ends neither s nor other.
    silent(
        """
        import api.*;
        class Either {
          void run(Session s, Session other, boolean c) {
            Session a = c ? s : other;
            Sessions.release(a);
            s.get("user");
          }
        }
        """);
  }

  @Test
  void theImplicitCloseOfTryWithResourcesIsNotTerminal() {
    // try-with-resources calls close() itself; even when close() is @TerminalOp that implicit
    // call does not end the resource, so an alias used after the statement is not reported.
    // (Reporting it would also flag every explicit close() inside the block as a double close.)
    silent(
        """
        import dev.sessioncheck.annotations.TerminalOp;
        class Conn implements AutoCloseable {
          void write() {}
          @TerminalOp @Override public void close() {}
          static void run() {
            Conn kept;
            try (Conn c = new Conn()) {
              kept = c;
            }
            kept.write();
          }
        }
        """);
  }

  @Test
  void aVariableThatRefersToDifferentValuesAcrossLoopIterations() {
    // Same root as the conditional: at the loop head `a` is s on entry and t on the back edge,
    // so it gets a merged value; ending that value ends neither s nor t, and the third iteration's
    // second release of t goes unseen.
    silent(
        """
        import api.*;
        class Rotate {
          void run(Session s, Session t, boolean c) {
            Session a = s;
            while (c) {
              Sessions.release(a);
              a = t;
            }
          }
        }
        """);
  }

  @Test
  void aCallbackStoredBeforeItIsPassedToTheTerminalCall() {
    // Only a callback written inline as the argument of the terminal call is known to run after
    // the end; a lambda stored in a variable first starts from the state where it is written.
    silent(
        """
        import api.*;
        class Logout {
          static void log(Object o) {}
          void run(Session session) {
            Callback after = err -> {
              log(err);
              log(session.get("user"));
            };
            session.destroy(after);
          }
        }
        """);
  }

  @Test
  void aMethodReferenceCallbackOfTheTerminalCall() {
    // The referenced method is analysed on its own, as an ordinary method: it does not know that
    // it runs after this.session was destroyed.
    silent(
        """
        import api.*;
        class Logout {
          Session session;
          static void log(Object o) {}
          void after(StoreError err) {
            log(err);
            log(session.get("user"));
          }
          void run() {
            session.destroy(this::after);
          }
        }
        """);
  }

  // ------------------------------------------------- a false report the checker knowingly makes

  @Test
  void aResultKeptByAnAliasWhileItsVariableIsRotatedThroughALoop() {
    // Found by the differential test (seed 11, program 5678). At the loop head `r` holds either
    // the first save() or a later one, so it gets a merged value carrying both obligations;
    // overwriting `r` then drops both, though `copy` still holds the first and reads it. Fixing it
    // needs values keyed by more than their creation site (the next iteration's save() would
    // otherwise look like the old one). The differential generator stays out of this shape.
    CheckerHarness.sources(
            """
            import api.*;
            class Rotate {
              void run(Session s, boolean c) {
                Result r = s.save(); // expect: unchecked-result
                Result copy = r;
                while (c) {
                  r = s.save();
                  r.ok();
                }
                copy.toString();
              }
            }
            """)
        .expectFromMarkers();
  }
}

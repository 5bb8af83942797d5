package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessioncheck.processor.testing.CheckerHarness;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Java construct the flow engine handles (issue 2, item 4) × both rule families
 * ({@code use-after-terminal}; {@code unchecked-result} / {@code unchecked-error}) × {reported,
 * silent}. Cases come in pairs: the silent one is a near twin of the reported one, so a checker
 * that over-reports fails the silent case and one that under-reports fails the reported case.
 *
 * <p>A body case is wrapped in {@link #PRELUDE}'s class {@code C} as the body of {@code run(...)},
 * whose parameters every case may use: {@code s}, {@code t} (sessions), {@code cb} (a callback),
 * {@code c}, {@code d} (booleans), {@code n} (int), {@code list}, {@code o}, {@code p} (a {@code C}).
 * A members case is inserted into {@code C} as class members.
 */
class ConstructMatrixTest {

  private static final String PRELUDE =
      """
      import api.*;
      import dev.sessioncheck.annotations.*;
      import java.util.*;
      import java.util.function.*;

      class C {
        Session field;
        C next;
        Result last;

        static void other() {}
        static Session open() { return null; }
        static void log(Object o) {}
        static boolean finish(@TerminalOp Session x) { return true; }

        static final class Res implements AutoCloseable {
          Res() {}
          static Res of(boolean b) { return new Res(); }
          @MustCheck static Res checked() { return new Res(); }
          void write() {}
          @Override public void close() {}
        }

        record Box(Session session, int n) {}

      """;

  private static final String RUN_HEADER =
      "  void run(Session s, Session t, Callback cb, boolean c, boolean d, int n,"
          + " List<Session> list, Object o, C p) {\n";

  enum Family {
    UAT("use-after-terminal"),
    OBLIGATION("unchecked-result/unchecked-error");

    final String label;

    Family(String label) {
      this.label = label;
    }
  }

  record Case(String name, Family family, String construct, boolean reported, int minJava, String source) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Case> CASES = new ArrayList<>();

  private static void add(
      String construct, Family f, String what, int minJava, boolean members, String reported,
      String silent) {
    String base = construct + " / " + f.label + " / " + what;
    CASES.add(new Case(base + " [reported]", f, construct, true, minJava, wrap(members, reported)));
    CASES.add(new Case(base + " [silent]", f, construct, false, minJava, wrap(members, silent)));
  }

  private static void body(String construct, Family f, String what, String reported, String silent) {
    add(construct, f, what, 17, false, reported, silent);
  }

  private static void members(String construct, Family f, String what, String reported, String silent) {
    add(construct, f, what, 17, true, reported, silent);
  }

  private static void body21(String construct, Family f, String what, String reported, String silent) {
    add(construct, f, what, 21, false, reported, silent);
  }

  private static void body22(String construct, Family f, String what, String reported, String silent) {
    add(construct, f, what, 22, false, reported, silent);
  }

  private static String wrap(boolean members, String code) {
    StringBuilder sb = new StringBuilder(PRELUDE);
    if (!members) {
      sb.append(RUN_HEADER);
    }
    String indent = members ? "  " : "    ";
    for (String line : code.split("\n", -1)) {
      if (!line.isEmpty()) {
        sb.append(indent).append(line);
      }
      sb.append('\n');
    }
    if (!members) {
      sb.append("  }\n");
    }
    sb.append("}\n");
    return sb.toString();
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matrix(Case c) {
    if (c.minJava() > 17) {
      assumeTrue(
          Runtime.version().feature() >= c.minJava(),
          c.minJava() == 21
              ? "record/switch patterns need Java 21; run on JDK 25"
              : "unnamed variables need Java 22; run on JDK 25");
    }
    try {
      CheckerHarness.sources(c.source()).expectFromMarkers();
    } catch (AssertionError e) {
      throw new AssertionError("case: " + c.name() + "\n" + e.getMessage(), e);
    }
  }

  /** The matrix itself is checked: size, pairing, and that both families cover every construct. */
  @Test
  void matrixIsWellFormed() {
    assertTrue(CASES.size() >= 150, "only " + CASES.size() + " cases");
    Set<String> names = new HashSet<>();
    Map<String, Set<Family>> families = new TreeMap<>();
    for (Case c : CASES) {
      assertTrue(names.add(c.name()), "duplicate case name " + c.name());
      List<CheckerHarness.Expectation> markers = CheckerHarness.parseMarkers("C.java", c.source());
      assertEquals(c.reported(), !markers.isEmpty(), "markers vs [reported]/[silent]: " + c.name());
      for (CheckerHarness.Expectation e : markers) {
        boolean uat = e.ruleId().equals("use-after-terminal");
        assertEquals(c.family() == Family.UAT, uat, "marker of the wrong family in " + c.name());
      }
      families.computeIfAbsent(c.construct(), k -> new HashSet<>()).add(c.family());
    }
    families.forEach(
        (construct, fs) -> assertEquals(Set.of(Family.values()), fs, "families of " + construct));
  }

  private static final Family U = Family.UAT;
  private static final Family O = Family.OBLIGATION;

  static {
    // ---------------------------------------------------------------- sequence
    body("sequence", U, "use after release",
        """
        Sessions.release(s);
        s.get("k"); // expect: use-after-terminal "'s' is used after release(s)"
        """,
        """
        s.get("k");
        Sessions.release(s);
        """);
    body("sequence", U, "second terminal call",
        """
        s.destroy(cb);
        s.destroy(cb); // expect: use-after-terminal
        """,
        """
        s.destroy(cb);
        t.destroy(cb);
        """);
    body("sequence", O, "stored, never read",
        """
        Result r = s.save(); // expect: unchecked-result "in 'r' is not checked"
        log("x");
        """,
        """
        Result r = s.save();
        log(r);
        """);
    body("sequence", O, "discarded",
        """
        s.save(); // expect: unchecked-result "is discarded"
        """,
        """
        s.save().ok();
        """);

    // ---------------------------------------------------------------- if / else
    body("if/else", U, "both branches end",
        """
        if (c) {
          s.destroy(cb);
        } else {
          Sessions.release(s);
        }
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        if (c) {
          s.get("k");
          s.destroy(cb);
        } else {
          s.get("j");
          Sessions.release(s);
        }
        """);
    body("if/else", U, "one branch ends (may)",
        """
        if (c) {
          Sessions.release(s);
        }
        s.get("k"); // expect: use-after-terminal "'s' may be used after"
        """,
        """
        if (c) {
          Sessions.release(s);
          return;
        }
        s.get("k");
        """);
    body("if/else", U, "use in the other branch",
        """
        if (c) {
          Sessions.release(s);
          s.get("k"); // expect: use-after-terminal
        }
        """,
        """
        if (c) {
          Sessions.release(s);
        } else {
          s.get("k");
        }
        """);
    body("if/else", O, "inspected in one branch only",
        """
        Result r = s.save(); // expect: unchecked-result
        if (c) {
          log(r);
        } else {
          log("no");
        }
        """,
        """
        Result r = s.save();
        if (c) {
          log(r);
        } else {
          log("no " + r);
        }
        """);
    body("if/else", O, "inspected in the condition",
        """
        Result r = s.save(); // expect: unchecked-result
        if (c) {
          log("saved");
        }
        """,
        """
        Result r = s.save();
        if (r.ok()) {
          log("saved");
        }
        """);
    body("if/else", O, "callback reads the error in one branch only",
        """
        s.save(err -> { // expect: unchecked-error
          if (c) {
            log(err);
          } else {
            log("?");
          }
        });
        """,
        """
        s.save(err -> {
          if (c) {
            log(err);
          } else {
            log("? " + err);
          }
        });
        """);

    // ---------------------------------------------------------------- ?:
    body("?:", U, "end in the condition, use in an arm",
        """
        Object v = finish(s) ? s.get("k") : null; // expect: use-after-terminal
        """,
        """
        Object v = c ? (Object) finish(s) : s.get("k");
        """);
    body("?:", U, "end in one arm (may)",
        """
        boolean b = c ? finish(s) : false;
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        boolean b = c ? finish(t) : false;
        s.get("k");
        """);
    body("?:", O, "result in one arm, dropped",
        """
        Result r = c ? s.save() : null; // expect: unchecked-result
        log("x");
        """,
        """
        Result r = c ? s.save() : null;
        if (r != null && !r.ok()) log("failed");
        """);
    body("?:", O, "inspected in one arm only",
        """
        Result r = s.save(); // expect: unchecked-result
        Object v = c ? r : "none";
        log("x");
        """,
        """
        Result r = s.save();
        Object v = c ? r.ok() : r;
        log(v);
        """);

    // ---------------------------------------------------------------- && || !
    body("&&", U, "right operand after an ending left operand",
        """
        if (finish(s) && s.get("k") == null) { // expect: use-after-terminal
          log("x");
        }
        """,
        """
        if (s.get("k") == null && finish(s)) {
          log("x");
        }
        """);
    body("&&", U, "true branch of c && finish(s) is definitely ended",
        """
        if (c && finish(s)) {
          log("x");
        } else {
          return;
        }
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        if (c && finish(s)) {
          log("x");
          s = t;
        } else {
          return;
        }
        s.get("k");
        """);
    body("||", U, "right operand after an ending left operand",
        """
        if (finish(s) || s.get("k") == null) { // expect: use-after-terminal
          log("x");
        }
        """,
        """
        if (s.get("k") == null || finish(s)) {
          log("x");
        }
        """);
    body("||", U, "after c || finish(s) (may)",
        """
        if (c || finish(s)) {
          log("x");
        }
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        if (c || finish(t)) {
          log("x");
        }
        s.get("k");
        """);
    body("!", U, "negated ending condition",
        """
        if (!finish(s)) {
          log("x");
        }
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        if (!finish(t)) {
          log("x");
        }
        s.get("k");
        """);
    body("!", U, "!(c && finish(s)) returns: the rest is definitely ended",
        """
        if (!(c && finish(s))) {
          return;
        }
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        if (!(c && finish(t))) {
          return;
        }
        s.get("k");
        """);
    body("&&", O, "inspected only when the left operand is true",
        """
        Result r = s.save(); // expect: unchecked-result
        if (c && r.ok()) log("ok");
        """,
        """
        Result r = s.save();
        if (r.ok() && c) log("ok");
        """);
    body("||", O, "inspected only when the left operand is false",
        """
        Result r = s.save(); // expect: unchecked-result
        if (c || r.ok()) log("ok");
        """,
        """
        Result r = s.save();
        if (r.ok() || c) log("ok");
        """);
    body("!", O, "negated check",
        """
        Result r = s.save(); // expect: unchecked-result
        if (!c) log("x");
        """,
        """
        Result r = s.save();
        if (!r.ok()) log("x");
        """);

    // ---------------------------------------------------------------- while
    body("while", U, "ended in a later iteration",
        """
        while (c) {
          s.get("k"); // expect: use-after-terminal "may be used after"
          if (d) Sessions.release(s);
        }
        """,
        """
        while (c) {
          s.get("k");
          if (d) {
            Sessions.release(s);
            break;
          }
        }
        """);
    body("unlabelled break", U, "after the loop",
        """
        while (c) {
          if (d) {
            Sessions.release(s);
            break;
          }
        }
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        while (c) {
          if (d) {
            Sessions.release(s);
            return;
          }
        }
        s.get("k");
        """);
    body("while", O, "overwritten in the loop",
        """
        Result r = s.save(); // expect: unchecked-result
        while (c) {
          r = s.save(); // expect: unchecked-result
        }
        log(r);
        """,
        """
        Result r = s.save();
        while (!r.ok()) {
          r = s.save();
        }
        """);
    body("while", O, "inspected only in the body",
        """
        Result r = s.save(); // expect: unchecked-result
        while (c) {
          log(r);
          c = d;
        }
        """,
        """
        Result r = s.save();
        while (r.ok() && c) {
          c = d;
        }
        """);
    body("while", O, "callback reads the error only inside a loop",
        """
        s.save(err -> { // expect: unchecked-error
          for (int i = 0; i < n; i++) {
            log(err);
          }
        });
        """,
        """
        s.save(err -> {
          do {
            log(err);
          } while (c);
        });
        """);

    // ---------------------------------------------------------------- do-while
    body("do-while", U, "ended in a later iteration",
        """
        do {
          s.get("k"); // expect: use-after-terminal "may be used after"
          if (c) Sessions.release(s);
        } while (d);
        """,
        """
        do {
          s.get("k");
          if (c) {
            Sessions.release(s);
            break;
          }
        } while (d);
        """);
    body("do-while", U, "after the loop",
        """
        do {
          if (c) {
            Sessions.release(s);
            break;
          }
        } while (d);
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        do {
          if (c) {
            Sessions.release(s);
            return;
          }
        } while (d);
        s.get("k");
        """);
    body("do-while", U, "end in the condition",
        """
        do {
          s.get("k"); // expect: use-after-terminal "may be used after"
        } while (c && finish(s));
        """,
        """
        do {
          s.get("k");
        } while (c && s.get("j") != null);
        Sessions.release(s);
        """);
    body("do-while", O, "body runs at least once",
        """
        Result r;
        do {
          r = s.save(); // expect: unchecked-result
        } while (c);
        """,
        """
        Result r;
        do {
          r = s.save();
        } while (!r.ok());
        """);

    // ---------------------------------------------------------------- for
    body("for", U, "ended in a later iteration",
        """
        for (int i = 0; i < n; i++) {
          s.get("k"); // expect: use-after-terminal "may be used after"
          if (i == 3) Sessions.release(s);
        }
        """,
        """
        for (int i = 0; i < n; i++) {
          s.get("k");
          if (i == 3) {
            Sessions.release(s);
            break;
          }
        }
        """);
    body("for", U, "use in the update after continue",
        """
        for (int i = 0; i < n; i++, log(s.get("k"))) { // expect: use-after-terminal
          if (c) {
            Sessions.release(s);
            continue;
          }
        }
        """,
        """
        for (int i = 0; i < n; i++, log(s.get("k"))) {
          if (c) {
            Sessions.release(s);
            break;
          }
        }
        """);
    body("for", U, "end in the init",
        """
        for (Sessions.release(s); n > 0; n--) {
          s.get("k"); // expect: use-after-terminal "'s' is used after"
        }
        """,
        """
        for (s.get("k"); n > 0; n--) {
          log("x");
        }
        Sessions.release(s);
        """);
    body("for", O, "continue skips the check",
        """
        for (int i = 0; i < n; i++) {
          Result r = s.save(); // expect: unchecked-result
          if (c) continue;
          log(r);
        }
        """,
        """
        for (int i = 0; i < n; i++) {
          Result r = s.save();
          if (!r.ok()) continue;
          log(r);
        }
        """);

    // ---------------------------------------------------------------- for-each
    body("for-each", U, "loop variable is fresh each iteration",
        """
        for (Session x : list) {
          Sessions.release(x);
          x.get("k"); // expect: use-after-terminal "'x' is used after release(x)"
        }
        """,
        """
        for (Session x : list) {
          x.get("k");
          Sessions.release(x);
        }
        """);
    body("for-each", U, "outer value ended on every iteration",
        """
        for (Session x : list) {
          Sessions.release(s); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        for (Session x : list) {
          Sessions.release(x);
        }
        """);
    body("for-each", O, "discarded per element",
        """
        for (Session x : list) {
          x.save(); // expect: unchecked-result
        }
        """,
        """
        for (Session x : list) {
          log(x.save());
        }
        """);
    body("for-each", O, "overwritten by the next iteration",
        """
        Result latest = null;
        for (Session x : list) {
          latest = x.save(); // expect: unchecked-result
        }
        log(latest);
        """,
        """
        Result latest = null;
        for (Session x : list) {
          if (latest != null) log(latest);
          latest = x.save();
        }
        log(latest);
        """);

    // ---------------------------------------------------------------- labelled break / continue
    body("labelled break", U, "break outer carries the ended state past the outer loop",
        """
        outer:
        while (true) {
          if (d) break outer;
          for (int i = 0; i < n; i++) {
            if (c) {
              Sessions.release(s);
              break outer;
            }
          }
          return;
        }
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        outer:
        while (true) {
          if (d) break outer;
          for (int i = 0; i < n; i++) {
            if (c) {
              Sessions.release(s);
              break;
            }
          }
          return;
        }
        s.get("k");
        """);
    body("labelled continue", U, "continue outer skips the use",
        """
        outer:
        for (Session x : list) {
          for (int i = 0; i < n; i++) {
            if (c) {
              Sessions.release(x);
              break;
            }
          }
          x.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        outer:
        for (Session x : list) {
          for (int i = 0; i < n; i++) {
            if (c) {
              Sessions.release(x);
              continue outer;
            }
          }
          x.get("k");
        }
        """);
    body("unlabelled continue", U, "continue skips the use",
        """
        for (Session x : list) {
          if (c) {
            Sessions.release(x);
          }
          x.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        for (Session x : list) {
          if (c) {
            Sessions.release(x);
            continue;
          }
          x.get("k");
        }
        """);
    body("labelled break", O, "break outer skips the check",
        """
        Result r = s.save(); // expect: unchecked-result
        outer:
        while (true) {
          for (int i = 0; i < n; i++) {
            if (c) break outer;
          }
          log(r);
          return;
        }
        """,
        """
        Result r = s.save();
        outer:
        while (true) {
          for (int i = 0; i < n; i++) {
            if (c) {
              log(r);
              break outer;
            }
          }
          log(r);
          return;
        }
        """);
    body("labelled continue", O, "continue outer skips the check",
        """
        outer:
        for (Session x : list) {
          Result r = x.save(); // expect: unchecked-result
          for (int i = 0; i < n; i++) {
            if (c) continue outer;
          }
          log(r);
        }
        """,
        """
        outer:
        for (Session x : list) {
          Result r = x.save();
          for (int i = 0; i < n; i++) {
            if (!r.ok()) continue outer;
          }
          log(r);
        }
        """);
    body("unlabelled break", O, "break skips the check",
        """
        Result r = s.save(); // expect: unchecked-result
        while (true) {
          if (d) break;
          log(r);
          return;
        }
        """,
        """
        Result r = s.save();
        while (true) {
          if (r.ok()) break;
          return;
        }
        """);
    body("unlabelled continue", O, "continue skips the check",
        """
        for (Session x : list) {
          Result r = x.save(); // expect: unchecked-result
          if (c) continue;
          log(r);
        }
        """,
        """
        for (Session x : list) {
          Result r = x.save();
          if (c) {
            log(r);
            continue;
          }
          log(r);
        }
        """);

    body("labelled block", U, "break out of a labelled block",
        """
        block: {
          if (c) {
            Sessions.release(s);
            break block;
          }
          s.get("k");
        }
        s.get("j"); // expect: use-after-terminal "may be used after"
        """,
        """
        block: {
          if (c) {
            Sessions.release(s);
            return;
          }
          s.get("k");
        }
        s.get("j");
        """);
    body("labelled block", O, "break out of a labelled block skips the check",
        """
        Result r = s.save(); // expect: unchecked-result
        block: {
          if (c) break block;
          log(r);
        }
        """,
        """
        Result r = s.save();
        block: {
          if (r.ok()) break block;
          log("failed");
        }
        """);

    // ---------------------------------------------------------------- return
    body("return", U, "return before the end",
        """
        if (c) {
          return;
        }
        Sessions.release(s);
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        if (c) {
          Sessions.release(s);
          return;
        }
        s.get("k");
        """);
    members("return", U, "returning an ended value",
        """
        Session pick(Session s) {
          Sessions.release(s);
          return s; // expect: use-after-terminal
        }
        """,
        """
        Object pick(Session s) {
          Object v = s.get("k");
          Sessions.release(s);
          return v;
        }
        """);
    body("return", O, "early return drops the result",
        """
        Result r = s.save(); // expect: unchecked-result "is not checked before it is dropped on line"
        if (c) return;
        log(r);
        """,
        """
        Result r = s.save();
        if (c) {
          log(r);
          return;
        }
        log(r);
        """);
    members("return", O, "returning the result is inspecting it",
        """
        Result pick(Session s, Session t) {
          Result r = s.save(); // expect: unchecked-result
          return t.save();
        }
        """,
        """
        Result pick(Session s, Session t) {
          Result r = s.save();
          return r;
        }
        """);

    // ---------------------------------------------------------------- throw
    body("throw", U, "throw leaves the method",
        """
        if (c) {
          Sessions.release(s);
          log("x");
        }
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        if (c) {
          Sessions.release(s);
          throw new IllegalStateException();
        }
        s.get("k");
        """);
    body("throw", U, "throw caught in the method",
        """
        try {
          Sessions.release(s);
          throw new IllegalStateException();
        } catch (IllegalStateException e) {
          s.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        try {
          s.get("k");
          throw new IllegalStateException();
        } catch (IllegalStateException e) {
          Sessions.release(s);
        }
        """);
    body("throw", O, "paths that throw out of the method are excused",
        """
        Result r = s.save(); // expect: unchecked-result
        if (c) return;
        log(r);
        """,
        """
        Result r = s.save();
        if (c) throw new IllegalStateException();
        log(r);
        """);
    body("throw", O, "a throw caught in the method is still tracked",
        """
        Result r = s.save(); // expect: unchecked-result
        try {
          if (c) throw new IllegalStateException();
        } catch (IllegalStateException e) {
          return;
        }
        log(r);
        """,
        """
        Result r = s.save();
        try {
          if (c) throw new IllegalStateException();
        } catch (IllegalStateException e) {
          log(r);
          return;
        }
        log(r);
        """);
    body("throw", O, "callback path ending in throw is excused",
        """
        s.save(err -> { // expect: unchecked-error
          if (c) return;
          log(err);
        });
        """,
        """
        s.save(err -> {
          if (c) throw new IllegalStateException();
          log(err);
        });
        """);

    // ---------------------------------------------------------------- switch, colon form
    body("switch colon", U, "fall-through carries the end",
        """
        switch (n) {
          case 1:
            Sessions.release(s);
          case 2:
            s.get("k"); // expect: use-after-terminal "may be used after"
            break;
          default:
            break;
        }
        """,
        """
        switch (n) {
          case 1:
            Sessions.release(s);
            break;
          case 2:
            s.get("k");
            break;
          default:
            break;
        }
        """);
    body("switch colon", U, "after the switch",
        """
        switch (n) {
          case 1:
            Sessions.release(s);
            break;
          default:
            log("x");
        }
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        switch (n) {
          case 1:
            Sessions.release(s);
            return;
          default:
            log("x");
        }
        s.get("k");
        """);
    body("switch colon", U, "every case ends, with default",
        """
        switch (n) {
          case 1:
            Sessions.release(s);
            break;
          default:
            s.destroy(cb);
        }
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        switch (n) {
          case 1:
            Sessions.release(s);
            break;
          default:
            s.destroy(cb);
        }
        s = t;
        s.get("k");
        """);
    body("switch colon", O, "fall-through reaches the check",
        """
        Result r = s.save(); // expect: unchecked-result
        switch (n) {
          case 1:
            log("one");
            break;
          case 2:
            log(r);
            break;
          default:
            log(r);
        }
        """,
        """
        Result r = s.save();
        switch (n) {
          case 1:
            log("one");
          case 2:
            log(r);
            break;
          default:
            log(r);
        }
        """);
    body("switch colon", O, "no default: the check may be skipped",
        """
        Result r = s.save(); // expect: unchecked-result
        switch (n) {
          case 1:
            log(r);
            break;
        }
        """,
        """
        Result r = s.save();
        switch (n) {
          case 1:
            log(r);
            break;
        }
        log(r);
        """);

    body("switch colon", U, "string switch falling into default",
        """
        switch ("" + n) {
          case "a":
            Sessions.release(s);
          default:
            s.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        switch ("" + n) {
          case "a":
            Sessions.release(s);
            break;
          default:
            s.get("k");
        }
        """);
    body("switch colon", O, "callback reads the error in one case only",
        """
        s.save(err -> { // expect: unchecked-error
          switch (n) {
            case 1:
              log(err);
              break;
            default:
              break;
          }
        });
        """,
        """
        s.save(err -> {
          switch (n) {
            case 1:
              log(err);
              break;
            default:
              throw err;
          }
        });
        """);

    // ---------------------------------------------------------------- switch, arrow form
    body("switch arrow", U, "no fall-through between arms",
        """
        switch (n) {
          case 1 -> {
            Sessions.release(s);
            s.get("k"); // expect: use-after-terminal
          }
          default -> {}
        }
        """,
        """
        switch (n) {
          case 1 -> Sessions.release(s);
          case 2 -> s.get("k");
          default -> {}
        }
        """);
    body("switch arrow", U, "after the switch",
        """
        switch (n) {
          case 1 -> Sessions.release(s);
          case 2 -> log("two");
          default -> {}
        }
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        switch (n) {
          case 1 -> {
            Sessions.release(s);
            return;
          }
          case 2 -> log("two");
          default -> {}
        }
        s.get("k");
        """);
    body("switch arrow", O, "checked in one arm only",
        """
        Result r = s.save(); // expect: unchecked-result
        switch (n) {
          case 1 -> log(r);
          default -> {}
        }
        """,
        """
        Result r = s.save();
        switch (n) {
          case 1 -> log(r);
          default -> log("d " + r);
        }
        """);

    // ---------------------------------------------------------------- switch expression, yield
    body("switch expression", U, "use in the yielding arm after the end",
        """
        int v = switch (n) {
          case 1 -> {
            Sessions.release(s);
            yield s.get("k") == null ? 1 : 3; // expect: use-after-terminal
          }
          default -> 0;
        };
        """,
        """
        int v = switch (n) {
          case 1 -> {
            Sessions.release(s);
            yield 1;
          }
          default -> s.get("k") == null ? 0 : 2;
        };
        """);
    body("switch expression", U, "after the switch expression",
        """
        int v = switch (n) {
          case 1 -> {
            Sessions.release(s);
            yield 1;
          }
          default -> 0;
        };
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        int v = switch (n) {
          case 1 -> {
            Sessions.release(s);
            s = t;
            yield 1;
          }
          default -> 0;
        };
        s.get("k");
        """);
    body("switch expression", U, "colon form with yield and fall-through",
        """
        int v = switch (n) {
          case 1:
            Sessions.release(s);
          case 2:
            yield s.get("k") == null ? 1 : 2; // expect: use-after-terminal "may be used after"
          default:
            yield 0;
        };
        """,
        """
        int v = switch (n) {
          case 1:
            Sessions.release(s);
            yield 5;
          case 2:
            yield s.get("k") == null ? 1 : 2;
          default:
            yield 0;
        };
        """);
    body("switch expression", O, "checked in one arm only",
        """
        Result r = s.save(); // expect: unchecked-result
        int v = switch (n) {
          case 1 -> {
            log(r);
            yield 1;
          }
          default -> 0;
        };
        log(v);
        """,
        """
        Result r = s.save();
        int v = switch (n) {
          case 1 -> {
            log(r);
            yield 1;
          }
          default -> r.ok() ? 1 : 0;
        };
        log(v);
        """);
    body("switch expression", O, "yielded results",
        """
        Result r = switch (n) {
          case 1 -> s.save(); // expect: unchecked-result
          default -> {
            Result q = t.save(); // expect: unchecked-result
            yield q;
          }
        };
        """,
        """
        Result r = switch (n) {
          case 1 -> s.save();
          default -> {
            Result q = t.save();
            yield q;
          }
        };
        log(r);
        """);

    // ---------------------------------------------------------------- pattern switch with guards (21)
    body21("pattern switch", U, "guard ends the binding, body uses it",
        """
        switch (o) {
          case Session x when finish(x) -> x.get("k"); // expect: use-after-terminal
          default -> {}
        }
        """,
        """
        switch (o) {
          case Session x when x.get("k") != null -> Sessions.release(x);
          default -> {}
        }
        """);
    body21("pattern switch", U, "a false guard still ended the value",
        """
        switch (o) {
          case Session x when finish(x) -> log("x");
          case Session x -> x.get("j"); // expect: use-after-terminal
          default -> {}
        }
        """,
        """
        switch (o) {
          case Session x when c -> Sessions.release(x);
          case Session x -> x.get("j");
          default -> {}
        }
        """);
    body21("pattern switch", O, "guard is the only check",
        """
        Result r = s.save(); // expect: unchecked-result
        switch (o) {
          case String str when r.ok() -> log(str);
          default -> {}
        }
        """,
        """
        Result r = s.save();
        switch (r) {
          case Result x when x.ok() -> log("ok");
          default -> log("failed");
        }
        """);
    body21("pattern switch", O, "discarded inside a guarded arm",
        """
        switch (o) {
          case Session x when c -> x.save(); // expect: unchecked-result
          default -> {}
        }
        """,
        """
        switch (o) {
          case Session x when x.save().ok() -> log(x);
          default -> {}
        }
        """);

    // ---------------------------------------------------------------- record patterns (21)
    body21("record pattern", U, "component binding ended then used",
        """
        if (o instanceof Box(Session x, int k)) {
          Sessions.release(x);
          x.get("k"); // expect: use-after-terminal
        }
        """,
        """
        if (o instanceof Box(Session x, int k)) {
          x.get("k");
          Sessions.release(x);
        }
        """);
    body21("record pattern", U, "in a switch with a guard",
        """
        switch (o) {
          case Box(Session x, int k) when k > 0 -> {
            Sessions.release(x);
            x.get("k"); // expect: use-after-terminal
          }
          default -> {}
        }
        """,
        """
        switch (o) {
          case Box(Session x, int k) when k > 0 -> {
            x.get("k");
            Sessions.release(x);
          }
          default -> {}
        }
        """);
    body21("record pattern", O, "result from a component discarded",
        """
        if (o instanceof Box(Session x, int k)) {
          x.save(); // expect: unchecked-result
        }
        """,
        """
        if (o instanceof Box(Session x, int k) && x.save().ok()) {
          log(k);
        }
        """);

    // ---------------------------------------------------------------- try / catch
    body("try/catch", U, "a throwing terminal call has not ended the value in catch",
        """
        try {
          s.destroy(cb);
          other();
        } catch (RuntimeException e) {
          s.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        try {
          s.destroy(cb);
        } catch (RuntimeException e) {
          s.get("k");
        }
        """);
    body("try/catch", U, "after try/catch",
        """
        try {
          s.get("k");
        } catch (RuntimeException e) {
          Sessions.release(s);
        }
        s.get("j"); // expect: use-after-terminal "may be used after"
        """,
        """
        try {
          s.get("k");
        } catch (RuntimeException e) {
          Sessions.release(s);
          return;
        }
        s.get("j");
        """);
    body("try/catch", O, "a throwing producer leaves no obligation in catch",
        """
        Result r = null;
        try {
          r = s.save(); // expect: unchecked-result
          other();
        } catch (RuntimeException e) {
          return;
        }
        log(r);
        """,
        """
        Result r = null;
        try {
          r = s.save();
        } catch (RuntimeException e) {
          return;
        }
        log(r);
        """);
    body("try/catch", O, "checked only in the try block",
        """
        Result r = s.save(); // expect: unchecked-result
        try {
          other();
          log(r);
        } catch (RuntimeException e) {
          log(e);
        }
        """,
        """
        Result r = s.save();
        try {
          other();
          log(r);
        } catch (RuntimeException e) {
          log(r);
        }
        """);

    // ---------------------------------------------------------------- try / finally
    body("try/finally", U, "after try/finally",
        """
        try {
          Sessions.release(s);
        } finally {
          log("done");
        }
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        try {
          s.get("k");
        } finally {
          log("done");
        }
        Sessions.release(s);
        """);
    body("try/finally", U, "finally runs after a return that ended the value",
        """
        try {
          if (c) {
            Sessions.release(s);
            return;
          }
        } finally {
          s.get("k"); // expect: use-after-terminal
        }
        """,
        """
        try {
          if (c) {
            return;
          }
          log("x");
        } finally {
          s.get("k");
        }
        Sessions.release(s);
        """);
    body("try/finally", O, "not checked in finally",
        """
        Result r = s.save(); // expect: unchecked-result
        try {
          other();
        } finally {
          log("x");
        }
        """,
        """
        Result r = s.save();
        try {
          other();
        } finally {
          log(r);
        }
        """);
    body("try/finally", O, "return through finally",
        """
        Result r = s.save(); // expect: unchecked-result
        try {
          if (c) return;
          log(r);
        } finally {
          log("x");
        }
        """,
        """
        Result r = s.save();
        try {
          if (c) return;
        } finally {
          log(r);
        }
        """);

    body("try/finally", U, "finally ends the value",
        """
        try {
          s.get("k");
        } finally {
          Sessions.release(s);
        }
        s.get("j"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        try {
          s.get("k");
        } finally {
          Sessions.release(s);
        }
        s = t;
        s.get("j");
        """);
    body("try/finally", U, "return in finally discards the pending exits",
        """
        try {
          Sessions.release(s);
        } finally {
          if (c) return;
        }
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        try {
          Sessions.release(s);
        } finally {
          if (true) return;
        }
        """);

    // ---------------------------------------------------------------- try-with-resources
    body("try-with-resources", U, "after the statement",
        """
        try (Res r = new Res()) {
          Sessions.release(s);
          r.write();
        }
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        try (Res r = new Res()) {
          s.get("k");
          r.write();
        }
        Sessions.release(s);
        """);
    body("try-with-resources", U, "end in the resource specification",
        """
        try (Res r = Res.of(finish(s))) {
          s.get("k"); // expect: use-after-terminal
        }
        """,
        """
        try (Res r = Res.of(s.get("k") != null)) {
          Sessions.release(s);
        }
        """);
    body("try-with-resources", U, "catch after a resource block",
        """
        try (Res r = new Res()) {
          Sessions.release(s);
          other();
        } catch (RuntimeException e) {
          s.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        try (Res r = new Res()) {
          other();
        } catch (RuntimeException e) {
          s.get("k");
        }
        Sessions.release(s);
        """);
    body("try-with-resources", O, "discarded in the body",
        """
        try (Res r = new Res()) {
          s.save(); // expect: unchecked-result
        }
        """,
        """
        try (Res r = new Res()) {
          log(s.save());
        }
        """);
    body("try-with-resources", O, "a @MustCheck resource is used by its implicit close",
        """
        Res r = Res.checked(); // expect: unchecked-result
        log("x");
        """,
        """
        try (Res r = Res.checked()) {
          log("x");
        }
        """);

    // ---------------------------------------------------------------- multi-catch
    body("multi-catch", U, "catch sees the exception edges",
        """
        try {
          Sessions.release(s);
          other();
        } catch (IllegalStateException | IllegalArgumentException e) {
          s.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        try {
          Sessions.release(s);
        } catch (IllegalStateException | IllegalArgumentException e) {
          s.get("k");
        }
        """);
    body("multi-catch", U, "several catch clauses",
        """
        try {
          Sessions.release(s);
          other();
        } catch (IllegalStateException e) {
          s.get("a"); // expect: use-after-terminal
        } catch (RuntimeException e) {
          s.get("b"); // expect: use-after-terminal
        }
        """,
        """
        try {
          Sessions.release(s);
        } catch (IllegalStateException e) {
          s.get("a");
        } catch (RuntimeException e) {
          s.get("b");
        }
        """);
    body("multi-catch", O, "returning from the catch drops the result",
        """
        Result r = null;
        try {
          r = s.save(); // expect: unchecked-result
          other();
        } catch (IllegalStateException | IllegalArgumentException e) {
          return;
        }
        log(r);
        """,
        """
        Result r = null;
        try {
          r = s.save();
          other();
        } catch (IllegalStateException | IllegalArgumentException e) {
          log(r);
          return;
        }
        log(r);
        """);

    // ---------------------------------------------------------------- nested try
    body("nested try", U, "inner finally, outer catch",
        """
        try {
          try {
            Sessions.release(s);
            other();
          } finally {
            n++;
          }
        } catch (RuntimeException e) {
          s.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        try {
          try {
            Sessions.release(s);
          } finally {
            n++;
          }
        } catch (RuntimeException e) {
          s.get("k");
        }
        """);
    body("nested try", U, "inner catch rethrows to the outer catch",
        """
        try {
          try {
            Sessions.release(s);
            other();
          } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e);
          }
        } catch (IllegalArgumentException e) {
          s.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        try {
          try {
            Sessions.release(s);
          } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e);
          }
        } catch (IllegalArgumentException e) {
          s.get("k");
        }
        """);
    body("nested try", O, "inner finally, outer catch",
        """
        Result r = null;
        try {
          try {
            r = s.save(); // expect: unchecked-result
            other();
          } finally {
            n++;
          }
        } catch (RuntimeException e) {
          return;
        }
        log(r);
        """,
        """
        Result r = null;
        try {
          try {
            r = s.save();
          } finally {
            n++;
          }
        } catch (RuntimeException e) {
          return;
        }
        log(r);
        """);

    // ---------------------------------------------------------------- synchronized
    body("synchronized", U, "end inside, use after",
        """
        synchronized (this) {
          Sessions.release(s);
        }
        s.get("k"); // expect: use-after-terminal "'s' is used after"
        """,
        """
        synchronized (this) {
          s.get("k");
        }
        Sessions.release(s);
        """);
    body("synchronized", U, "locking on an ended value",
        """
        Sessions.release(s);
        synchronized (s) { // expect: use-after-terminal
          log("x");
        }
        """,
        """
        synchronized (s) {
          Sessions.release(s);
        }
        """);
    body("synchronized", O, "checked inside",
        """
        Result r = s.save(); // expect: unchecked-result
        synchronized (this) {
          log("x");
        }
        """,
        """
        Result r = s.save();
        synchronized (this) {
          log(r);
        }
        """);

    // ---------------------------------------------------------------- lambdas
    body("lambda", U, "expression body written after the end",
        """
        Sessions.release(s);
        Supplier<Object> f = () -> s.get("k"); // expect: use-after-terminal
        """,
        """
        Supplier<Object> f = () -> s.get("k");
        Sessions.release(s);
        """);
    body("lambda", U, "block body written after the end",
        """
        Sessions.release(s);
        Runnable f = () -> {
          log("x");
          s.get("k"); // expect: use-after-terminal
        };
        """,
        """
        Runnable f = () -> {
          log("x");
          s.get("k");
        };
        Sessions.release(s);
        """);
    body("lambda", U, "flow inside the body",
        """
        Runnable f = () -> {
          Sessions.release(s);
          s.get("k"); // expect: use-after-terminal
        };
        """,
        """
        Runnable f = () -> {
          s.get("k");
          Sessions.release(s);
        };
        """);
    body("lambda", U, "lambda parameter",
        """
        Consumer<Session> k = x -> {
          Sessions.release(x);
          x.get("k"); // expect: use-after-terminal
        };
        """,
        """
        Consumer<Session> k = x -> {
          x.get("k");
          Sessions.release(x);
        };
        """);
    body("lambda", U, "callback of a terminal call (block body)",
        """
        s.destroy(err -> {
          log(err);
          log(s.get("k")); // expect: use-after-terminal "'s' is used after s.destroy()"
        });
        """,
        """
        s.save(err -> {
          log(err);
          log(s.get("k"));
        });
        """);
    body("lambda", U, "callback of a terminal call (expression body)",
        """
        s.destroy(err -> log(err + " " + s.get("k"))); // expect: use-after-terminal
        """,
        """
        s.save(err -> log(err + " " + s.get("k")));
        """);
    body("lambda", O, "capture is an inspection",
        """
        Result r = s.save(); // expect: unchecked-result
        Runnable f = () -> log("x");
        """,
        """
        Result r = s.save();
        Runnable f = () -> log(r);
        """);
    body("lambda", O, "expression body discards the result",
        """
        Runnable f = () -> s.save(); // expect: unchecked-result
        """,
        """
        Supplier<Result> f = () -> s.save();
        """);
    body("lambda", O, "block body drops the result on a return",
        """
        Runnable f = () -> {
          Result r = s.save(); // expect: unchecked-result
          if (c) return;
          log(r);
        };
        """,
        """
        Runnable f = () -> {
          Result r = s.save();
          if (c) {
            log(r);
            return;
          }
          log(r);
        };
        """);
    body("lambda", O, "callback with an expression body",
        """
        s.save(err -> log("saved")); // expect: unchecked-error
        """,
        """
        s.save(err -> log("saved: " + err));
        """);

    // ---------------------------------------------------------------- anonymous classes
    body("anonymous class", U, "written after the end",
        """
        Sessions.release(s);
        Runnable f = new Runnable() {
          public void run() {
            s.get("k"); // expect: use-after-terminal
          }
        };
        """,
        """
        Runnable f = new Runnable() {
          public void run() {
            s.get("k");
          }
        };
        Sessions.release(s);
        """);
    body("anonymous class", U, "callback of a terminal call",
        """
        s.destroy(new Callback() {
          public void done(StoreError err) {
            log(err);
            s.get("k"); // expect: use-after-terminal
          }
        });
        """,
        """
        s.save(new Callback() {
          public void done(StoreError err) {
            log(err);
            s.get("k");
          }
        });
        """);
    body("anonymous class", O, "discarded in a method",
        """
        Runnable f = new Runnable() {
          public void run() {
            s.save(); // expect: unchecked-result
          }
        };
        """,
        """
        Runnable f = new Runnable() {
          public void run() {
            log(s.save());
          }
        };
        """);
    body("anonymous class", O, "capture is an inspection",
        """
        Result r = s.save(); // expect: unchecked-result
        Object f = new Object() {
          public String toString() { return "x"; }
        };
        """,
        """
        Result r = s.save();
        Object f = new Object() {
          public String toString() { return "x" + r; }
        };
        """);
    body("anonymous class", O, "callback reads the error on one path only",
        """
        s.save(new Callback() {
          public void done(StoreError err) { // expect: unchecked-error
            if (c) log(err);
          }
        });
        """,
        """
        s.save(new Callback() {
          public void done(StoreError err) {
            log(err);
          }
        });
        """);

    body("anonymous class", U, "instance initializer of an anonymous class",
        """
        Object z = new Object() {
          {
            Sessions.release(s);
            s.get("k"); // expect: use-after-terminal
          }
        };
        """,
        """
        Object z = new Object() {
          {
            s.get("k");
            Sessions.release(s);
          }
        };
        """);

    // ---------------------------------------------------------------- local classes
    body("local class", U, "method of a local class",
        """
        class Local {
          void run(Session x) {
            Sessions.release(x);
            x.get("k"); // expect: use-after-terminal
          }
        }
        new Local().run(s);
        """,
        """
        class Local {
          void run(Session x) {
            x.get("k");
            Sessions.release(x);
          }
        }
        new Local().run(s);
        """);
    body("local class", U, "captures the state where it is written",
        """
        Sessions.release(s);
        class Local {
          Object get() {
            return s.get("k"); // expect: use-after-terminal
          }
        }
        log(new Local().get());
        """,
        """
        class Local {
          Object get() {
            return s.get("k");
          }
        }
        log(new Local().get());
        Sessions.release(s);
        """);
    body("local class", O, "discarded in a local class method",
        """
        class Local {
          void run(Session x) {
            x.save(); // expect: unchecked-result
          }
        }
        new Local().run(s);
        """,
        """
        class Local {
          void run(Session x) {
            log(x.save());
          }
        }
        new Local().run(s);
        """);

    // ---------------------------------------------------------------- initializers, constructors, fields
    members("instance initializer", U, "field ended then used",
        """
        Session held = open();
        {
          Sessions.release(held);
          held.get("k"); // expect: use-after-terminal
        }
        """,
        """
        Session held = open();
        {
          held.get("k");
          Sessions.release(held);
        }
        """);
    members("instance initializer", O, "result dropped",
        """
        Session held = open();
        {
          Result r = held.save(); // expect: unchecked-result
          log("x");
        }
        """,
        """
        Session held = open();
        {
          Result r = held.save();
          log(r);
        }
        """);
    members("static initializer", U, "local ended then used",
        """
        static {
          Session x = open();
          Sessions.release(x);
          x.get("k"); // expect: use-after-terminal
        }
        """,
        """
        static {
          Session x = open();
          x.get("k");
          Sessions.release(x);
        }
        """);
    members("static initializer", O, "discarded",
        """
        static {
          open().save(); // expect: unchecked-result
        }
        """,
        """
        static {
          log(open().save());
        }
        """);
    members("constructor", U, "parameter ended then used",
        """
        C(Session x) {
          Sessions.release(x);
          x.get("k"); // expect: use-after-terminal
        }
        """,
        """
        C(Session x) {
          x.get("k");
          Sessions.release(x);
        }
        """);
    members("constructor", U, "field assigned from a parameter is an alias",
        """
        C(Session x) {
          this.field = x;
          Sessions.release(x);
          this.field.get("k"); // expect: use-after-terminal
        }
        """,
        """
        C(Session x, Session y) {
          this.field = y;
          Sessions.release(x);
          this.field.get("k");
        }
        """);
    members("constructor", O, "discarded",
        """
        C(Session x) {
          x.save(); // expect: unchecked-result
        }
        """,
        """
        C(Session x) {
          this.last = x.save();
        }
        """);
    members("field initializer", U, "ended and used in one initializer",
        """
        Session held = open();
        boolean b = finish(held) && held.get("k") != null; // expect: use-after-terminal
        """,
        """
        Session held = open();
        boolean b = held.get("k") != null && finish(held);
        """);
    members("field initializer", O, "lambda in an initializer discards",
        """
        Runnable f = () -> open().save(); // expect: unchecked-result
        Callback k = err -> {}; // expect: unchecked-error
        """,
        """
        Supplier<Result> f = () -> open().save();
        Callback k = err -> log(err);
        """);
    members("field initializer", O, "lambda in an initializer drops a stored result",
        """
        Supplier<Object> f = () -> {
          Result q = open().save(); // expect: unchecked-result
          return "x";
        };
        """,
        """
        Supplier<Object> f = () -> {
          Result q = open().save();
          return q;
        };
        """);

    // ---------------------------------------------------------------- field paths
    body("field path", U, "this.f",
        """
        Sessions.release(this.field);
        this.field.get("k"); // expect: use-after-terminal
        """,
        """
        Sessions.release(this.field);
        this.field = t;
        this.field.get("k");
        """);
    body("field path", U, "unqualified field is this.f",
        """
        Sessions.release(field);
        this.field.get("k"); // expect: use-after-terminal
        """,
        """
        Sessions.release(field);
        field = t;
        this.field.get("k");
        """);
    body("field path", U, "p.f.g, prefix reassigned",
        """
        Sessions.release(p.next.field);
        p.next.field.get("k"); // expect: use-after-terminal
        """,
        """
        Sessions.release(p.next.field);
        p.next = this;
        p.next.field.get("k");
        """);
    body("field path", U, "local copy of a field path, root reassigned",
        """
        Session x = p.field;
        Sessions.release(x);
        p.field.get("k"); // expect: use-after-terminal
        """,
        """
        Session x = p.field;
        Sessions.release(x);
        p = this;
        p.field.get("k");
        """);
    body("field path", O, "result stored in a field path is inspected",
        """
        Result r = p.field.save(); // expect: unchecked-result
        log("x");
        """,
        """
        p.last = p.field.save();
        """);

    // ---------------------------------------------------------------- aliases
    body("alias", U, "copy",
        """
        Session a = s;
        Sessions.release(a);
        s.get("k"); // expect: use-after-terminal "'s' is used after release(a)"
        """,
        """
        Session a = s;
        s.get("k");
        Sessions.release(a);
        """);
    body("alias", U, "chain of copies",
        """
        Session a = s;
        Session b = a;
        Session e = b;
        Sessions.release(e);
        a.get("k"); // expect: use-after-terminal "'a' is used after release(e)"
        """,
        """
        Session a = s;
        Session b = a;
        Session e = b;
        Sessions.release(e);
        a = t;
        a.get("k");
        """);
    body("alias", U, "reassignment breaks the alias",
        """
        Session a = s;
        Sessions.release(s);
        a.get("k"); // expect: use-after-terminal
        """,
        """
        Session a = s;
        a = t;
        Sessions.release(s);
        a.get("k");
        """);
    body("alias", U, "alias via pattern binding",
        """
        Object x = s;
        if (x instanceof Session y) {
          Sessions.release(y);
        }
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        Object x = s;
        if (x instanceof Session y) {
          Sessions.release(y);
          return;
        }
        s.get("k");
        """);
    body("alias", O, "chain of copies moves the obligation",
        """
        Result r = s.save(); // expect: unchecked-result
        Result a = r;
        Result b = a;
        """,
        """
        Result r = s.save();
        Result a = r;
        Result b = a;
        log(b);
        """);
    body("alias", O, "reassigning the copy",
        """
        Result r = s.save(); // expect: unchecked-result
        Result a = r;
        a = null;
        log(a);
        """,
        """
        Result r = s.save();
        Result a = r;
        log(a);
        a = null;
        """);
    body("alias", O, "alias via pattern binding",
        """
        Object x = s.save(); // expect: unchecked-result
        if (c && x instanceof Result y) {
          log(y);
        }
        """,
        """
        Object x = s.save();
        if (x instanceof Result y) {
          log(y);
        }
        """);

    // ---------------------------------------------------------------- "may"
    body("may", U, "ended on one switch path",
        """
        switch (n) {
          case 1 -> s.destroy(cb);
          default -> log("x");
        }
        s.set("k", 1); // expect: use-after-terminal "'s' may be used after s.destroy()"
        """,
        """
        switch (n) {
          case 1 -> s.destroy(cb);
          default -> log("x");
        }
        t.set("k", 1);
        """);
    body("may", O, "open on one path",
        """
        Result r = s.save(); // expect: unchecked-result
        if (c) {
          r = null;
        } else {
          log(r);
        }
        """,
        """
        Result r = s.save();
        if (c) {
          log(r);
          r = null;
        } else {
          log(r);
        }
        """);

    // ---------------------------------------------------------------- unreachable code
    body("unreachable", U, "while (true) leaves only through break",
        """
        Sessions.release(s);
        while (c) {
          if (d) {
            s = t;
            break;
          }
        }
        s.get("k"); // expect: use-after-terminal "may be used after"
        """,
        """
        Sessions.release(s);
        while (true) {
          if (d) {
            s = t;
            break;
          }
        }
        s.get("k");
        """);
    body("unreachable", U, "if (false) body is dead",
        """
        Sessions.release(s);
        if (c) {
          s.get("k"); // expect: use-after-terminal
        }
        """,
        """
        Sessions.release(s);
        if (false) {
          s.get("k");
        }
        """);
    body("unreachable", O, "while (true) leaves only through break",
        """
        Result r = s.save(); // expect: unchecked-result
        while (d) {
          if (c) {
            log(r);
            break;
          }
        }
        """,
        """
        Result r = s.save();
        while (true) {
          if (c) {
            log(r);
            break;
          }
        }
        """);
    body("unreachable", O, "if (true) return: the rest is dead",
        """
        Result r = s.save(); // expect: unchecked-result
        if (c) {
          log(r);
          return;
        }
        """,
        """
        Result r = s.save();
        if (true) {
          log(r);
          return;
        }
        """);

    // ---------------------------------------------------------------- unnamed variables (22)
    body22("unnamed _", U, "unnamed catch parameter",
        """
        try {
          Sessions.release(s);
          other();
        } catch (RuntimeException _) {
          s.get("k"); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        try {
          Sessions.release(s);
        } catch (RuntimeException _) {
          s.get("k");
        }
        """);
    body22("unnamed _", U, "unnamed for-each variable",
        """
        for (Session _ : list) {
          Sessions.release(s); // expect: use-after-terminal "may be used after"
        }
        """,
        """
        for (Session _ : list) {
          s.get("k");
        }
        Sessions.release(s);
        """);
    body22("unnamed _", U, "unnamed record component",
        """
        if (o instanceof Box(Session x, int _)) {
          Sessions.release(x);
          x.get("k"); // expect: use-after-terminal
        }
        """,
        """
        if (o instanceof Box(Session x, int _)) {
          x.get("k");
          Sessions.release(x);
        }
        """);
    body22("unnamed _", O, "var _ is discarding",
        """
        var _ = s.save(); // expect: unchecked-result "is discarded"
        """,
        """
        var r = s.save();
        log(r);
        """);
    body22("unnamed _", O, "unnamed error parameter",
        """
        s.save(_ -> log("saved")); // expect: unchecked-error
        """,
        """
        s.save(err -> log(err));
        """);
    body22("unnamed _", O, "unnamed component, discarded result",
        """
        if (o instanceof Box(Session x, int _)) {
          x.save(); // expect: unchecked-result
        }
        """,
        """
        if (o instanceof Box(Session x, int _)) {
          log(x.save());
        }
        """);
  }
}

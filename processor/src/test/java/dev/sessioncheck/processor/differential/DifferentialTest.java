package dev.sessioncheck.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sessioncheck.processor.testing.CheckerHarness;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Randomized differential test of the flow engine (issue 6 item 3): random method bodies from
 * {@link Generator}, written by {@link Renderer} with JavaPoet, checked by the real processor and
 * by {@link Oracle}, which computes the expected {@code use-after-terminal} and
 * {@code unchecked-result} findings by enumerating paths over the generator's model. Every finding
 * is compared by rule, line, and for use-after-terminal by "is"/"may" and the ending line it names.
 *
 * <p>Properties: {@code sessioncheck.differential.programs} (default 2,000; the
 * {@code -Pdifferential} profile runs 100,000), {@code sessioncheck.differential.seed} (default
 * {@link #DEFAULT_SEED}), {@code sessioncheck.differential.only} (one program index, to reproduce a
 * mismatch). A mismatch prints the seed, the index, the program, and both sets of findings, after
 * {@link Minimizer} has made the program as small as it can while the mismatch stays.
 *
 * <p>Why the oracle's loop unrolling is exact: see {@link Oracle}.
 */
class DifferentialTest {
  static final long DEFAULT_SEED = 0x5E55_10C4_EC4BL;
  private static final int BATCH = 250;
  /** Programs per compilation unit. */
  private static final int UNIT = 5;
  private static final int MAX_PRINTED = 5;
  /** Over the run: the most loop iterations the oracle needed before a loop head closed. */
  private static int deepestUnroll;

  private static final Pattern UAT = Pattern.compile("' (may be|is) used after .* ended it on line (\\d+)");
  private static final Pattern METHOD = Pattern.compile("void p(\\d+)\\(");

  @Test
  void engineAgreesWithThePathOracle() {
    long seed = Long.getLong("sessioncheck.differential.seed", DEFAULT_SEED);
    int programs = Integer.getInteger("sessioncheck.differential.programs", 2000);
    Integer only = Integer.getInteger("sessioncheck.differential.only");
    long t0 = System.nanoTime();
    int mismatches = 0;
    int checked = 0;
    long expectedFindings = 0;
    long compileNanos = 0;
    long oracleNanos = 0;
    List<String> reports = new ArrayList<>();
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    int from = only == null ? 0 : only;
    int to = only == null ? programs : only + 1;
    for (int start = from; start < to; start += BATCH) {
      List<Program> batch = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + BATCH); i++) {
        batch.add(Generator.generate(seed, i));
      }
      long tc = System.nanoTime();
      Compiled c = compile(batch);
      compileNanos += System.nanoTime() - tc;
      Map<Integer, List<String>> actual = c.findings();
      for (Program p : batch) {
        checked++;
        long to0 = System.nanoTime();
        List<String> exp = expected(p, c.lines());
        oracleNanos += System.nanoTime() - to0;
        expectedFindings += exp.size();
        for (String f : exp) {
          kinds.merge(f.substring(f.indexOf(' ') + 1, f.contains(" end@") ? f.indexOf(" end@") : f.length()), 1, Integer::sum);
        }
        List<String> act = actual.getOrDefault(p.index, List.of());
        if (!exp.equals(act)) {
          mismatches++;
          if (reports.size() < MAX_PRINTED) {
            reports.add(describe(seed, p, exp, act));
          }
        }
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(Locale.ROOT, "[differential] seed=0x%X programs=%d mismatches=%d expected-findings=%d %s deepest-unroll=%d time=%d ms (javac+checker %d ms, oracle %d ms)%n",
        seed, checked, mismatches, expectedFindings, kinds, deepestUnroll, ms, compileNanos / 1_000_000, oracleNanos / 1_000_000);
    for (String r : reports) {
      System.out.println(r);
    }
    if (mismatches > 0) {
      fail(mismatches + " of " + checked + " programs disagree with the oracle (seed 0x" + Long.toHexString(seed).toUpperCase(Locale.ROOT)
          + "); first:\n" + reports.get(0));
    }
    assertEquals(to - from, checked);
    if (checked >= 1000) {
      // A generator that stopped producing one kind of finding would make agreement cheap.
      for (String kind : List.of("use-after-terminal is", "use-after-terminal may", "unchecked-result")) {
        assertTrue(kinds.getOrDefault(kind, 0) >= checked / 100, "too few expected '" + kind + "' findings: " + kinds);
      }
    }
  }

  /** The oracle's findings as {@code line: rule [is|may end@line]}, sorted. */
  static List<String> expected(Program p, Map<Long, Long> lines) {
    Oracle o = Oracle.run(p);
    deepestUnroll = Math.max(deepestUnroll, o.deepestUnroll);
    List<String> out = new ArrayList<>();
    for (Map.Entry<Long, Oracle.UseAcc> e : o.uses.entrySet()) {
      Oracle.UseAcc a = e.getValue();
      if (!a.report) {
        continue;
      }
      int node = (int) (e.getKey() / 2);
      long line = line(lines, p, node);
      long endLine = Long.MAX_VALUE;
      for (int site : a.sites) {
        endLine = Math.min(endLine, line(lines, p, site));
      }
      out.add(line + ": use-after-terminal " + (a.live ? "may" : "is") + " end@" + endLine);
    }
    for (int producer : o.unchecked) {
      out.add(line(lines, p, producer) + ": unchecked-result");
    }
    Collections.sort(out);
    return out;
  }

  private static long line(Map<Long, Long> lines, Program p, int node) {
    Long l = lines.get(Renderer.key(p.index, node));
    if (l == null) {
      throw new IllegalStateException("no line for node " + node + " of program " + p.index);
    }
    return l;
  }

  /** A compiled batch: each node's line, and the findings per program index. */
  record Compiled(Map<Long, Long> lines, Map<Integer, List<String>> findings) {}

  /** Compiles the batch as one class; findings per program index, in the same form as expected. */
  static Compiled compile(List<Program> batch) {
    // Many small compilation units in one javac run: one run per batch keeps javac's start-up cost
    // low, and small units keep the cost of locating each finding's tree in its unit low.
    List<String> units = new ArrayList<>();
    Map<String, String> byFile = new HashMap<>();
    Map<Long, Long> lines = new HashMap<>();
    for (int i = 0; i < batch.size(); i += UNIT) {
      List<Program> part = batch.subList(i, Math.min(batch.size(), i + UNIT));
      String name = "B" + part.get(0).index;
      String source = Renderer.render(name, part);
      units.add(source);
      byFile.put(Renderer.PACKAGE + "/" + name + ".java", source);
      lines.putAll(Renderer.lines(source));
    }
    CheckerHarness.Result r = CheckerHarness.sources(units)
        .options("-Xmaxerrs", "1000000", "-Xmaxwarns", "1000000", "-Asessioncheck.notes=false")
        .compile();
    Map<String, int[]> programOfLine = new HashMap<>();
    byFile.forEach((file, source) -> {
      String[] srcLines = source.split("\n", -1);
      int[] of = new int[srcLines.length + 2];
      int current = -1;
      for (int i = 0; i < srcLines.length; i++) {
        Matcher m = METHOD.matcher(srcLines[i]);
        if (m.find()) {
          current = Integer.parseInt(m.group(1));
        }
        of[i + 1] = current;
      }
      programOfLine.put(file, of);
    });
    Map<Integer, List<String>> out = new HashMap<>();
    for (CheckerHarness.Diag d : r.diagnostics()) {
      if (d.isNote() || (d.ruleId() == null && d.kind() != Diagnostic.Kind.ERROR)) {
        continue;
      }
      int[] of = programOfLine.get(d.file());
      if (d.ruleId() == null || of == null) {
        throw new AssertionError("generated source does not compile cleanly: " + d + "\n"
            + numbered(byFile.getOrDefault(d.file(), String.join("\n", units))));
      }
      int program = d.line() >= 1 && d.line() < of.length ? of[(int) d.line()] : -1;
      String f;
      if (d.ruleId().equals("use-after-terminal")) {
        Matcher m = UAT.matcher(d.firstLine());
        f = d.line() + ": use-after-terminal " + (m.find() ? (m.group(1).equals("is") ? "is" : "may") + " end@" + m.group(2) : "?? " + d.firstLine());
      } else {
        f = d.line() + ": " + d.ruleId();
      }
      out.computeIfAbsent(program, k -> new ArrayList<>()).add(f);
    }
    out.values().forEach(Collections::sort);
    return new Compiled(lines, out);
  }

  static String describe(long seed, Program p, List<String> exp, List<String> act) {
    Program small = Minimizer.minimize(p, DifferentialTest::mismatching);
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "MISMATCH seed=0x%X index=%d (reproduce: -Dsessioncheck.differential.seed=%d -Dsessioncheck.differential.only=%d)%n",
        seed, p.index, seed, p.index));
    b.append("in its batch: expected ").append(exp).append('\n').append("              actual   ").append(act).append('\n');
    Compiled alone = compile(List.of(p));
    b.append("alone: expected ").append(expected(p, alone.lines())).append('\n')
        .append("       actual   ").append(alone.findings().getOrDefault(p.index, List.of())).append('\n');
    b.append(numbered(Renderer.render("B" + p.index, List.of(p))));
    if (small != p) {
      String src = Renderer.render("B" + small.index, List.of(small));
      Compiled c = compile(List.of(small));
      List<String> se = expected(small, c.lines());
      List<String> sa = c.findings().getOrDefault(small.index, List.of());
      b.append("minimized:\nexpected ").append(se).append('\n').append("actual   ").append(sa).append('\n');
      b.append(numbered(src));
    }
    return b.toString();
  }

  /** The programs of {@code candidates} (compiled together) whose findings differ from the oracle's. */
  static List<Program> mismatching(List<Program> candidates) {
    Compiled c = compile(candidates);
    List<Program> out = new ArrayList<>();
    for (Program p : candidates) {
      if (!expected(p, c.lines()).equals(c.findings().getOrDefault(p.index, List.of()))) {
        out.add(p);
      }
    }
    return out;
  }

  static String numbered(String source) {
    StringBuilder b = new StringBuilder();
    String[] ls = source.split("\n", -1);
    for (int i = 0; i < ls.length; i++) {
      b.append(String.format(Locale.ROOT, "%4d | %s%n", i + 1, ls[i]));
    }
    return b.toString();
  }
}

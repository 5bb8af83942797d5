package dev.sessioncheck.examples.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code // expect:} markers of a source file, and their comparison with what javac reported.
 *
 * <p>Grammar, on the line the diagnostic must be reported on: {@code // expect: } then one or more
 * items separated by commas; an item is a rule id, optionally followed by a quoted fragment that
 * the message must contain ({@code // expect: use-after-terminal "may be used after"}). A rule id
 * twice on one line expects two diagnostics there.
 *
 * <p>For failures the design turns into plain javac errors, {@code // expect-javac: <code>} names
 * the javac diagnostic code expected on that line ({@code compiler.err.cant.apply.symbols}).
 */
public final class Markers {
  /** Every rule id the checker may print; a marker naming anything else is a typo. */
  public static final Set<String> RULE_IDS = Set.of(
      "unchecked-result", "unchecked-error", "null-callback", "use-after-terminal",
      "bad-annotation", "internal-error");

  private static final Pattern EXPECT = Pattern.compile("//\\s*expect:(.*)$");
  private static final Pattern ITEM =
      Pattern.compile("\\s*([a-z][a-z-]*)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\")?\\s*(,|$)");
  private static final Pattern EXPECT_JAVAC = Pattern.compile("//\\s*expect-javac:\\s*(\\S+)\\s*$");

  private Markers() {}

  /** One expected sessioncheck diagnostic; {@code fragment} is null when the marker has none. */
  public record Expectation(String file, long line, String ruleId, String fragment) {}

  /** One expected plain javac error. */
  public record JavacExpectation(String file, long line, String code) {}

  /** The {@code // expect:} markers of one file. */
  public static List<Expectation> parse(String file, List<String> lines) {
    List<Expectation> all = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = EXPECT.matcher(lines.get(i));
      if (!m.find()) {
        continue;
      }
      String items = m.group(1);
      Matcher item = ITEM.matcher(items);
      int at = 0;
      while (at < items.length()) {
        if (!item.find(at) || item.start() != at) {
          throw new IllegalArgumentException(
              file + ":" + (i + 1) + ": malformed marker: " + lines.get(i).strip());
        }
        String rule = item.group(1);
        if (!RULE_IDS.contains(rule)) {
          throw new IllegalArgumentException(
              file + ":" + (i + 1) + ": unknown rule id '" + rule + "' in marker");
        }
        String fragment = item.group(2) == null ? null : item.group(2).replaceAll("\\\\(.)", "$1");
        all.add(new Expectation(file, i + 1, rule, fragment));
        at = item.end();
        if (item.group(3).isEmpty()) {
          break;
        }
      }
    }
    return all;
  }

  /** The {@code // expect-javac:} markers of one file. */
  public static List<JavacExpectation> parseJavac(String file, List<String> lines) {
    List<JavacExpectation> all = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = EXPECT_JAVAC.matcher(lines.get(i));
      if (m.find()) {
        all.add(new JavacExpectation(file, i + 1, m.group(1)));
      }
    }
    return all;
  }

  /**
   * What differs between the markers and the sessioncheck diagnostics, compared as multisets of
   * (file, line, rule id), plus fragments missing from the messages. Empty when they agree.
   */
  public static List<String> mismatches(List<Expectation> expected, List<Javac.Diag> actual) {
    Map<String, List<Expectation>> want = new TreeMap<>();
    for (Expectation e : expected) {
      want.computeIfAbsent(key(e.file(), e.line(), e.ruleId()), k -> new ArrayList<>()).add(e);
    }
    Map<String, List<Javac.Diag>> got = new TreeMap<>();
    for (Javac.Diag d : actual) {
      if (d.isSessioncheck()) {
        got.computeIfAbsent(key(d.file(), d.line(), d.ruleId()), k -> new ArrayList<>()).add(d);
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> keys = new TreeMap<>();
    want.keySet().forEach(k -> keys.put(k, true));
    got.keySet().forEach(k -> keys.put(k, true));
    for (String k : keys.keySet()) {
      List<Expectation> w = want.getOrDefault(k, List.of());
      List<Javac.Diag> g = got.getOrDefault(k, List.of());
      if (w.size() != g.size()) {
        problems.add(String.format(Locale.ROOT, "%s: expected %d, reported %d%s", k, w.size(),
            g.size(), g.isEmpty() ? "" : " -> " + firstLines(g)));
        continue;
      }
      for (Expectation e : w) {
        if (e.fragment() != null
            && g.stream().noneMatch(d -> d.message().contains(e.fragment()))) {
          problems.add(k + ": no message contains \"" + e.fragment() + "\" -> " + firstLines(g));
        }
      }
    }
    return problems;
  }

  private static String key(String file, long line, String rule) {
    return String.format(Locale.ROOT, "%s:%04d %s", file, line, Objects.requireNonNull(rule));
  }

  private static String firstLines(List<Javac.Diag> diags) {
    List<String> lines = new ArrayList<>();
    for (Javac.Diag d : diags) {
      int nl = d.message().indexOf('\n');
      lines.add(nl < 0 ? d.message() : d.message().substring(0, nl));
    }
    return String.join(" | ", lines);
  }
}

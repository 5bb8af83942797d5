package dev.sessioncheck.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the generated blocks of {@code RESULTS.md} ({@code <!-- BEGIN:name -->} ...
 * {@code <!-- END:name -->}) from a results directory, leaving the prose around them alone:
 * {@code status}, {@code summary} (figures against each goal), {@code machine}, and one table per
 * part ({@code checker-real}, {@code checker-corpus}, {@code scaling}, {@code jmh}, {@code e2e}).
 * A part that has no output in the directory keeps its previous block.
 *
 * <pre>Results RESULTS.md RESULTS_DIR "label of this run"</pre>
 */
public final class Results {
  private Results() {}

  public static void main(String[] args) throws IOException {
    Path md = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    String label = args[2];
    String text = Files.readString(md, StandardCharsets.UTF_8);
    text = replace(text, "status", "**" + label + "**\n");
    text = replaceFrom(text, "machine", dir.resolve("machine.md"));
    text = replaceFrom(text, "checker-real", dir.resolve("real/table.md"));
    text = replaceFrom(text, "checker-corpus", dir.resolve("corpus/table.md"));
    if (Files.exists(dir.resolve("scaling/table.md"))) {
      String scaling = Files.readString(dir.resolve("scaling/table.md"), StandardCharsets.UTF_8);
      Path scoped = dir.resolve("scaling-scoped/table.md");
      if (Files.exists(scoped)) {
        scaling += "\n" + Files.readString(scoped, StandardCharsets.UTF_8);
      }
      text = replace(text, "scaling", scaling);
    }
    text = replaceFrom(text, "jmh", dir.resolve("jmh/table.md"));
    text = replaceFrom(text, "e2e", dir.resolve("e2e/table.md"));
    text = replace(text, "summary", summary(dir, label));
    Files.writeString(md, text, StandardCharsets.UTF_8);
    System.out.println("updated " + md);
  }

  private static String replaceFrom(String text, String block, Path file) throws IOException {
    return Files.exists(file) ? replace(text, block, Files.readString(file, StandardCharsets.UTF_8)) : text;
  }

  static String replace(String text, String block, String content) {
    Pattern p = Pattern.compile("(<!-- BEGIN:" + Pattern.quote(block) + " -->\\n)(.*?)(<!-- END:" + Pattern.quote(block) + " -->)", Pattern.DOTALL);
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("RESULTS.md has no block " + block);
    }
    String body = content.endsWith("\n") ? content : content + "\n";
    return text.substring(0, m.start()) + m.group(1) + body + m.group(3) + text.substring(m.end());
  }

  /**
   * The plugin door's floor: javac keeps comments and end positions for every file once any task
   * listener exists, so an empty listener costs that much before the checker does anything.
   */
  private static String floor(String listenerRatio) {
    return listenerRatio == null ? "" : " (an empty task listener alone: " + x(listenerRatio) + ")";
  }

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }

  private static String summary(Path dir, String label) throws IOException {
    Properties real = load(dir.resolve("real/summary.properties"));
    Properties corpus = load(dir.resolve("corpus/summary.properties"));
    Properties scaling = load(dir.resolve("scaling/summary.properties"));
    Properties jmh = load(dir.resolve("jmh/summary.properties"));
    Properties e2e = load(dir.resolve("e2e/summary.properties"));
    String r = real.containsKey("all.plain.seconds") ? "all" : firstProject(real);
    String c = firstProject(corpus);
    List<String[]> rows = new ArrayList<>();
    rows.add(goal("1a. checker overhead, real projects: `-Xplugin:SessionCheck` vs plain javac"
        + floor(real.getProperty(r + ".listener.xplain")), real.getProperty(r + ".plugin.xplain"), 1.05));
    rows.add(goal("1b. the processor vs a no-op processor", real.getProperty(r + ".processor.xnoop"), 1.03));
    rows.add(info("1c. the processor vs plain javac (the no-op processor alone: "
        + x(real.getProperty(r + ".noop.xplain")) + ")", real.getProperty(r + ".processor.xplain")));
    rows.add(info("1. peers vs plain javac: Error Prone (CheckReturnValue + MustBeClosedChecker)", real.getProperty(r + ".errorprone.xplain")));
    rows.add(info("1. peers: Resource Leak Checker vs plain javac (vs no-op: "
        + x(real.getProperty(r + ".rlc.xnoop")) + ")", real.getProperty(r + ".rlc.xplain")));
    rows.add(goal("2. session-heavy corpus: the processor vs plain javac", corpus.getProperty(c + ".processor.xplain"), 1.15));
    rows.add(goal("2. session-heavy corpus: the plugin vs plain javac" + floor(corpus.getProperty(c + ".listener.xplain")),
        corpus.getProperty(c + ".plugin.xplain"), 1.15));
    rows.add(goal("3. scaling: worst analysis-time step when the method doubles", scaling.getProperty("worst_doubling"), 2.2));
    StringBuilder sb = new StringBuilder();
    sb.append("Figures of the run labelled above. ");
    if (label.toLowerCase(Locale.ROOT).contains("smoke")) { // also below: no goal is judged
      sb.append("They come from a smoke run on a shared, busy machine: they prove the scripts work and mean nothing about speed.");
    }
    sb.append("\n\n| goal | figure | target | status |\n|---|---:|---:|---|\n");
    boolean smoke = label.toLowerCase(Locale.ROOT).contains("smoke");
    for (String[] row : rows) {
      if (smoke && !row[3].equals("for comparison")) {
        row[3] = "not judged (smoke)";
      }
      sb.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    for (String store : List.of("memory", "redis")) {
      String j = e2e.getProperty("e2e." + store + ".java.rps");
      String n = e2e.getProperty("e2e." + store + ".node.rps");
      String jp = e2e.getProperty("e2e." + store + ".java.p99_ms");
      String np = e2e.getProperty("e2e." + store + ".node.p99_ms");
      String fig = j == null || n == null ? "not measured"
          : j + " vs " + n + " req/s; p99 " + jp + " vs " + np + " ms";
      String status = j == null || n == null ? "—" : smoke ? "not judged (smoke)"
          : Double.parseDouble(j) >= Double.parseDouble(n) && Double.parseDouble(jp) < Double.parseDouble(np) ? "met" : "missed";
      sb.append("| 5. end to end, ").append(store).append(" store: demo vs express-session (throughput ≥, p99 <) | ")
          .append(fig).append(" | ≥ / < | ").append(status).append(" |\n");
    }
    if (!jmh.isEmpty()) {
      sb.append("| 4. JMH (average time per operation) | ");
      List<String> parts = new ArrayList<>();
      for (String k : List.of("CookieBench.sign", "CookieBench.verify", "SessionBench.unchanged", "SessionBench.modified", "JsonBench.encode", "JsonBench.decode")) {
        if (jmh.containsKey(k)) {
          parts.add(k + " " + jmh.getProperty(k));
        }
      }
      sb.append(String.join("; ", parts)).append(" | — | no goal |\n");
    }
    return sb.toString();
  }

  private static String firstProject(Properties p) {
    return p.stringPropertyNames().stream().filter(k -> k.endsWith(".plain.seconds"))
        .map(k -> k.substring(0, k.length() - ".plain.seconds".length())).sorted().findFirst().orElse("?");
  }

  private static String x(String v) {
    return v == null ? "not measured" : String.format(Locale.ROOT, "%.3f×", Double.parseDouble(v));
  }

  private static String[] goal(String what, String value, double target) {
    String status = value == null ? "—" : Double.parseDouble(value) <= target ? "met" : "missed";
    return new String[] {what, x(value), String.format(Locale.ROOT, "≤ %.2f×", target), status};
  }

  private static String[] info(String what, String value) {
    return new String[] {what, x(value), "—", "for comparison"};
  }
}

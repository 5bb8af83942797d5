package dev.sessioncheck.benchmarks.checker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The markdown table and the summary figures of one {@link CompileBench} run. */
final class Report {
  static final String ALL = "all";

  private final String title;
  private final List<CompileBench.Project> projects;
  private final List<CompileBench.Config> configs;
  private final Map<String, Map<String, List<Double>>> times;
  private final Map<String, Map<String, Javac.Result>> last;
  private final Map<String, Map<String, String>> failed;
  private final int rounds;
  private final int warmup;
  private final Map<String, String> skipped;

  Report(String title, List<CompileBench.Project> projects, List<CompileBench.Config> configs,
      Map<String, Map<String, List<Double>>> times, Map<String, Map<String, Javac.Result>> last,
      Map<String, Map<String, String>> failed, int rounds, int warmup, Map<String, String> skipped) {
    this.skipped = skipped;
    this.title = title;
    this.projects = projects;
    this.configs = configs;
    this.times = new LinkedHashMap<>(times);
    this.last = last;
    this.failed = failed;
    this.rounds = rounds;
    this.warmup = warmup;
    if (projects.size() > 1) {
      this.times.put(ALL, totals());
    }
  }

  /** Per round, the sum over projects, for configurations that ran on every project. */
  private Map<String, List<Double>> totals() {
    Map<String, List<Double>> sum = new LinkedHashMap<>();
    for (CompileBench.Config c : configs) {
      List<Double> s = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        double t = 0;
        for (CompileBench.Project p : projects) {
          List<Double> v = times.getOrDefault(p.name(), Map.of()).get(c.name());
          if (v == null || v.size() <= r) {
            t = Double.NaN;
            break;
          }
          t += v.get(r);
        }
        if (!Double.isNaN(t)) {
          s.add(t);
        }
      }
      if (s.size() == rounds) {
        sum.put(c.name(), s);
      }
    }
    return sum;
  }

  /** Median over rounds of t(config)/t(base) in the same round. */
  double ratio(String project, String config, String base) {
    Map<String, List<Double>> m = times.get(project);
    if (m == null || !m.containsKey(config) || !m.containsKey(base)) {
      return Double.NaN;
    }
    List<Double> a = m.get(config);
    List<Double> b = m.get(base);
    List<Double> q = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      q.add(a.get(i) / b.get(i));
    }
    return Stats.median(q);
  }

  double medianSeconds(String project, String config) {
    List<Double> v = times.getOrDefault(project, Map.of()).get(config);
    return v == null ? Double.NaN : Stats.median(v);
  }

  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("#### ").append(title).append("\n\n");
    sb.append(rounds).append(" measured rounds after ").append(warmup)
        .append(" warm-up round(s); ratios are medians of per-round ratios; each run a separate `javac` process.\n\n");
    sb.append("| project | files | lines |\n|---|---:|---:|\n");
    for (CompileBench.Project p : projects) {
      sb.append("| ").append(p.name()).append(" | ").append(p.files().size()).append(" | ").append(p.lines()).append(" |\n");
    }
    skipped.forEach((name, why) -> sb.append("| ").append(name).append(" | left out: ").append(why).append(" | |\n"));
    sb.append('\n');
    List<String> names = new ArrayList<>();
    projects.forEach(p -> names.add(p.name()));
    if (times.containsKey(ALL)) {
      names.add(ALL);
    }
    boolean hasNoop = configs.stream().anyMatch(c -> c.name().equals("noop"));
    sb.append("| project | configuration | median s | min–max s | × plain |")
        .append(hasNoop ? " × no-op |" : "").append(" warnings |\n");
    sb.append("|---|---|---:|---:|---:|").append(hasNoop ? "---:|" : "").append("---:|\n");
    for (String p : names) {
      for (CompileBench.Config c : configs) {
        String fail = failed.getOrDefault(p, Map.of()).get(c.name());
        sb.append("| ").append(p.equals(ALL) ? "**all projects**" : p).append(" | ").append(c.name()).append(" — ").append(c.what()).append(" | ");
        if (fail != null) {
          sb.append("failed: ").append(fail).append(" | | |").append(hasNoop ? " |" : "").append('\n');
          continue;
        }
        List<Double> v = times.getOrDefault(p, Map.of()).get(c.name());
        sb.append(Stats.f("%.2f", medianSeconds(p, c.name()))).append(" | ")
            .append(v == null ? "—" : Stats.f("%.2f", Stats.min(v)) + "–" + Stats.f("%.2f", Stats.max(v))).append(" | ")
            .append(c.name().equals("plain") ? "1" : Stats.x(ratio(p, c.name(), "plain"))).append(" | ");
        if (hasNoop) {
          // Only processors pay for annotation processing; for them the no-op is the fair baseline.
          sb.append(isProcessor(c) ? Stats.x(ratio(p, c.name(), "noop")) : "").append(" | ");
        }
        Javac.Result res = last.getOrDefault(p, Map.of()).get(c.name());
        sb.append(res == null ? "" : Integer.toString(res.warnings())).append(" |\n");
      }
    }
    sb.append('\n');
    return sb.toString();
  }

  static boolean isProcessor(CompileBench.Config c) {
    return c.name().equals("processor") || c.name().equals("rlc");
  }

  /** {@code <project>.<config>.xplain}, {@code .xnoop} and {@code .seconds} for every pair measured. */
  Properties summary() {
    Properties p = new Properties();
    for (String project : times.keySet()) {
      for (CompileBench.Config c : configs) {
        String k = project + "." + c.name();
        double s = medianSeconds(project, c.name());
        if (!Double.isNaN(s)) {
          p.setProperty(k + ".seconds", Stats.f("%.3f", s));
          p.setProperty(k + ".xplain", Stats.f("%.4f", ratio(project, c.name(), "plain")));
          double n = ratio(project, c.name(), "noop");
          if (!Double.isNaN(n)) {
            p.setProperty(k + ".xnoop", Stats.f("%.4f", n));
          }
        }
      }
    }
    return p;
  }
}

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
  /** Whether there is an "all projects" row (more than one project). */
  private final boolean all;

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
    this.all = projects.size() > 1;
  }

  /**
   * Per-round times of {@code config}; for {@link #ALL}, the per-round sum over the projects on
   * which every config in {@code over} ran that round (a peer that failed on one project is
   * compared with plain javac on the others only).
   */
  private List<Double> series(String project, String config, List<String> over) {
    if (!project.equals(ALL)) {
      return times.getOrDefault(project, Map.of()).get(config);
    }
    List<Double> sums = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      double t = 0;
      int n = 0;
      for (CompileBench.Project p : projects) {
        Map<String, List<Double>> m = times.getOrDefault(p.name(), Map.of());
        int round = r;
        boolean ran = over.stream().allMatch(c -> m.containsKey(c) && m.get(c).size() > round);
        if (ran) {
          t += m.get(config).get(r);
          n++;
        }
      }
      if (n == 0) {
        break;
      }
      sums.add(t);
    }
    return sums.isEmpty() ? null : sums;
  }

  /** How many projects the {@link #ALL} figures of {@code config} (against plain) cover. */
  private long coverage(String config) {
    return projects.stream().filter(p -> {
      Map<String, List<Double>> m = times.getOrDefault(p.name(), Map.of());
      return m.containsKey(config) && m.containsKey("plain");
    }).count();
  }

  /** Median over rounds of t(config)/t(base) in the same round. */
  double ratio(String project, String config, String base) {
    List<Double> a = series(project, config, List.of(config, base));
    List<Double> b = series(project, base, List.of(config, base));
    if (a == null || b == null) {
      return Double.NaN;
    }
    List<Double> q = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      q.add(a.get(i) / b.get(i));
    }
    return Stats.median(q);
  }

  double medianSeconds(String project, String config) {
    List<Double> v = series(project, config, List.of(config, "plain"));
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
    if (projects.stream().anyMatch(p -> p.options().contains("-sourcepath"))) {
      sb.append("Quick mode: only the first files of each project are compiled; the rest of its sources are"
          + " on `-sourcepath` (parsed where referenced, not compiled).\n\n");
    }
    List<String> names = new ArrayList<>();
    projects.forEach(p -> names.add(p.name()));
    if (all) {
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
        List<Double> v = series(p, c.name(), List.of(c.name(), "plain"));
        if (p.equals(ALL) && v != null && coverage(c.name()) < projects.size()) {
          sb.setLength(sb.length() - 3);
          sb.append(" (on ").append(coverage(c.name())).append(" of ").append(projects.size()).append(" projects) | ");
        }
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
    return c.name().equals("processor") || c.name().equals("processor-before") || c.name().equals("rlc");
  }

  /** {@code <project>.<config>.xplain}, {@code .xnoop} and {@code .seconds} for every pair measured. */
  Properties summary() {
    Properties p = new Properties();
    List<String> keys = new ArrayList<>(times.keySet());
    if (all) {
      keys.add(ALL);
    }
    for (String project : keys) {
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

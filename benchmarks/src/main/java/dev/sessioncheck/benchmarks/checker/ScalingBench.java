package dev.sessioncheck.benchmarks.checker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Issue 8 item 3: analysis time of one method grown from 1,000 to 16,000 lines. For each size,
 * each round compiles the same input twice, alternated: plain javac, and javac with
 * {@link TimedSessionCheck}, both stopping after flow analysis (a 16,000-line method is far past
 * the JVM's 64 KB method limit, so code generation could not run anyway, and it is not what is
 * measured). The figure is the checker's own time on {@code Big}, read from the timed plugin
 * (wall and CPU time of javac's thread); the difference of the two total javac times is printed
 * beside it as a cross-check.
 *
 * <pre>
 * ScalingBench --out DIR --processorpath PATH|@FILE --benchpath PATH --classpath PATH|@FILE
 *              [--sizes 1000,2000,4000,8000,16000] [--rounds 5] [--warmup 1] [--warm 5] [--scoped false]
 * </pre>
 */
public final class ScalingBench {
  public static void main(String[] argv) throws IOException {
    Map<String, List<String>> opts = Args.parse(argv);
    Path out = Path.of(Args.one(opts, "out", null)).toAbsolutePath();
    String proc = Args.path(Args.one(opts, "processorpath", null));
    String bench = Args.path(Args.one(opts, "benchpath", null));
    String classpath = Args.path(Args.one(opts, "classpath", ""));
    int rounds = Integer.parseInt(Args.one(opts, "rounds", "5"));
    int warmup = Integer.parseInt(Args.one(opts, "warmup", "1"));
    String warm = Args.one(opts, "warm", "5");
    String scoped = Args.one(opts, "scoped", "false");
    List<Integer> sizes = new ArrayList<>();
    for (String s : Args.one(opts, "sizes", "1000,2000,4000,8000,16000").split(",")) {
      sizes.add(Integer.parseInt(s.trim()));
    }
    Map<Integer, Long> methodLines = new LinkedHashMap<>();
    for (int size : sizes) {
      Path in = out.resolve("input").resolve(Integer.toString(size));
      ScalingGenerator.main(new String[] {"--out", in.toString(), "--lines", Integer.toString(size),
          "--warm", warm, "--scoped", scoped, "--classpath", classpath});
      Properties st = new Properties();
      try (var r = Files.newBufferedReader(in.resolve("stats.txt"))) {
        st.load(r);
      }
      methodLines.put(size, Long.parseLong(st.getProperty("lines")));
    }
    Javac javac = new Javac(Path.of(System.getProperty("java.home")));
    Map<Integer, List<Double>> plain = new LinkedHashMap<>();
    Map<Integer, List<Double>> timed = new LinkedHashMap<>();
    Map<Integer, List<Double>> wall = new LinkedHashMap<>();
    Map<Integer, List<Double>> cpu = new LinkedHashMap<>();
    StringBuilder csv = new StringBuilder("round,size,javac_plain_s,javac_checker_s,analysis_wall_ms,analysis_cpu_ms\n");
    for (int r = -warmup; r < rounds; r++) {
      for (int size : sizes) {
        Path in = out.resolve("input").resolve(Integer.toString(size));
        List<String> files = Files.readAllLines(in.resolve("files.txt"), StandardCharsets.UTF_8);
        List<String> common = new ArrayList<>(List.of("-encoding", "UTF-8", "-implicit:none",
            "--should-stop=ifNoError=FLOW", "-proc:none", "-classpath", classpath));
        Path timesFile = out.resolve("logs").resolve(size + ".timed.txt");
        List<String> a1 = new ArrayList<>(common);
        a1.addAll(files);
        List<String> a2 = new ArrayList<>(common);
        a2.addAll(List.of("-processorpath", bench + java.io.File.pathSeparator + proc,
            "-Xplugin:SessionCheckTimed out=" + timesFile + " warn=true"));
        a2.addAll(files);
        Path classes = out.resolve("classes");
        // Alternate which one goes first.
        boolean plainFirst = Math.floorMod(r, 2) == 0;
        Javac.Result p = null;
        Javac.Result t = null;
        for (int k = 0; k < 2; k++) {
          if ((k == 0) == plainFirst) {
            p = javac.run(List.of(), a1, classes, out.resolve("logs").resolve(size + ".plain.log"));
          } else {
            t = javac.run(List.of(), a2, classes, out.resolve("logs").resolve(size + ".timed.log"));
          }
        }
        if (p.exit() != 0 || t.exit() != 0 || t.warnings() != 0) {
          throw new IllegalStateException("size " + size + ": javac failed or the checker reported something; see "
              + out.resolve("logs"));
        }
        long[] big = readBig(timesFile);
        System.out.printf(Locale.ROOT, "[scaling] round %s %6d lines: plain %.2f s, with checker %.2f s, analysis %.0f ms wall %.0f ms cpu%n",
            r < 0 ? "warmup" : Integer.toString(r), methodLines.get(size), p.seconds(), t.seconds(), big[0] / 1e6, big[1] / 1e6);
        if (r >= 0) {
          plain.computeIfAbsent(size, x -> new ArrayList<>()).add(p.seconds());
          timed.computeIfAbsent(size, x -> new ArrayList<>()).add(t.seconds());
          wall.computeIfAbsent(size, x -> new ArrayList<>()).add(big[0] / 1e6);
          cpu.computeIfAbsent(size, x -> new ArrayList<>()).add(big[1] / 1e6);
          csv.append(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.2f,%.2f%n", r, size, p.seconds(), t.seconds(), big[0] / 1e6, big[1] / 1e6));
        }
      }
    }
    Files.writeString(out.resolve("times.csv"), csv, StandardCharsets.UTF_8);
    StringBuilder md = new StringBuilder();
    md.append("#### Scaling: one method, analysis time by size")
        .append(Boolean.parseBoolean(scoped) ? " (variant: each block its own scope)" : "").append("\n\n")
        .append(rounds).append(" measured rounds after ").append(warmup).append(" warm-up round(s); ")
        .append("medians; analysis = the checker's own time on the method's class (TimedSessionCheck), ")
        .append("after ").append(warm).append(" warm-up classes in the same javac run.\n\n")
        .append("| method lines | analysis ms (CPU) | analysis ms (wall) | µs per line (CPU) | × previous size (CPU) | javac s | javac + checker s | difference s |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    Properties summary = new Properties();
    double prev = Double.NaN;
    double worst = Double.NaN;
    for (int size : sizes) {
      double c = Stats.median(cpu.get(size));
      double w = Stats.median(wall.get(size));
      long lines = methodLines.get(size);
      double step = c / prev;
      if (!Double.isNaN(step)) {
        worst = Double.isNaN(worst) ? step : Math.max(worst, step);
      }
      double tp = Stats.median(plain.get(size));
      double tt = Stats.median(timed.get(size));
      md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.1f | %s | %.2f | %.2f | %.2f |%n",
          lines, c, w, c * 1000 / lines, Double.isNaN(step) ? "" : Stats.x(step), tp, tt, tt - tp));
      summary.setProperty("size." + size + ".cpu_ms", Stats.f("%.1f", c));
      prev = c;
    }
    if (!Double.isNaN(worst)) {
      summary.setProperty("worst_doubling", Stats.f("%.3f", worst));
      md.append("\nWorst step when the size doubles: ").append(Stats.x(worst)).append(" (goal ≤ 2.2×).\n");
    }
    Files.writeString(out.resolve("table.md"), md, StandardCharsets.UTF_8);
    try (var w = Files.newBufferedWriter(out.resolve("summary.properties"), StandardCharsets.UTF_8)) {
      summary.store(w, "scaling");
    }
    System.out.println(md);
  }

  private static long[] readBig(Path file) throws IOException {
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f[0].equals("bench.scaling.Big")) {
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
      }
    }
    throw new IllegalStateException("no time for bench.scaling.Big in " + file);
  }
}

package dev.sessioncheck.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code RuntimeReport jmh DIR} reads {@code DIR/jmh.csv} (JMH's {@code -rf csv}) and
 * {@code RuntimeReport e2e DIR} reads {@code DIR/results.jsonl} (one line per wrk run, written by
 * run.sh); each writes {@code DIR/table.md} and {@code DIR/summary.properties}.
 */
public final class RuntimeReport {
  private RuntimeReport() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "jmh" -> jmh(dir);
      case "e2e" -> e2e(dir);
      default -> throw new IllegalArgumentException("jmh or e2e, not " + args[0]);
    }
  }

  private static void jmh(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("jmh.csv"), StandardCharsets.UTF_8);
    StringBuilder md = new StringBuilder("| benchmark | mode | samples | score | ± (99.9%) | unit |\n|---|---|---:|---:|---:|---|\n");
    Properties summary = new Properties();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = csv(line);
      String name = f.get(0).replace("dev.sessioncheck.benchmarks.runtime.", "");
      double score = Double.parseDouble(f.get(4));
      String err = f.get(5).equals("NaN") ? "—" : String.format(Locale.ROOT, "%.1f", Double.parseDouble(f.get(5)));
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %s | %s |%n", name, f.get(1), f.get(3), score, err, f.get(6)));
      summary.setProperty(name, String.format(Locale.ROOT, "%.1f %s", score, f.get(6)));
    }
    write(dir, md.toString(), summary);
  }

  private static List<String> csv(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|([^,]+)|(?<=,)(?=,|$)").matcher(line);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "");
    }
    return out;
  }

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[-0-9.eE]+)");

  private static void e2e(Path dir) throws IOException {
    // store -> app -> metric -> values over rounds
    Map<String, Map<String, Map<String, List<Double>>>> runs = new LinkedHashMap<>();
    int bad = 0;
    for (String line : Files.readAllLines(dir.resolve("results.jsonl"), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, String> f = new LinkedHashMap<>();
      Matcher m = FIELD.matcher(line);
      while (m.find()) {
        f.put(m.group(1), m.group(2).replace("\"", ""));
      }
      Map<String, List<Double>> metrics = runs.computeIfAbsent(f.get("store"), k -> new LinkedHashMap<>())
          .computeIfAbsent(f.get("app"), k -> new LinkedHashMap<>());
      for (String k : List.of("rps", "p50_ms", "p90_ms", "p99_ms", "max_ms", "bad", "socket_errors", "requests")) {
        metrics.computeIfAbsent(k, x -> new ArrayList<>()).add(Double.parseDouble(f.get(k)));
      }
      bad += (int) Double.parseDouble(f.get("bad"));
    }
    StringBuilder md = new StringBuilder("| store | app | rounds | requests/s | p50 ms | p90 ms | p99 ms | broken flows | socket errors |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Properties summary = new Properties();
    for (var byStore : runs.entrySet()) {
      for (var byApp : byStore.getValue().entrySet()) {
        Map<String, List<Double>> mt = byApp.getValue();
        String k = "e2e." + byStore.getKey() + "." + byApp.getKey();
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.2f | %.2f | %.2f | %.0f | %.0f |%n",
            byStore.getKey(), label(byApp.getKey()), mt.get("rps").size(), median(mt.get("rps")),
            median(mt.get("p50_ms")), median(mt.get("p90_ms")), median(mt.get("p99_ms")),
            sum(mt.get("bad")), sum(mt.get("socket_errors"))));
        summary.setProperty(k + ".rps", String.format(Locale.ROOT, "%.0f", median(mt.get("rps"))));
        summary.setProperty(k + ".p50_ms", String.format(Locale.ROOT, "%.2f", median(mt.get("p50_ms"))));
        summary.setProperty(k + ".p99_ms", String.format(Locale.ROOT, "%.2f", median(mt.get("p99_ms"))));
      }
    }
    md.append("\nMedians over rounds (java and express alternated, each round a fresh server process, warmed up before it is measured). ")
        .append("A broken flow is a response other than the one the flow expects (303 + cookie, 200, 303).\n");
    summary.setProperty("e2e.broken", Integer.toString(bad));
    write(dir, md.toString(), summary);
  }

  private static String label(String app) {
    return switch (app) {
      case "java" -> "sessioncheck demo (JDK HttpServer)";
      case "node" -> "express + express-session";
      default -> app;
    };
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static double sum(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).sum();
  }

  private static void write(Path dir, String md, Properties summary) throws IOException {
    Files.writeString(dir.resolve("table.md"), md, StandardCharsets.UTF_8);
    try (var w = Files.newBufferedWriter(dir.resolve("summary.properties"), StandardCharsets.UTF_8)) {
      summary.store(w, null);
    }
    System.out.print(md);
  }
}

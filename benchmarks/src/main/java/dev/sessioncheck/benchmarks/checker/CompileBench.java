package dev.sessioncheck.benchmarks.checker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Compiles the same sources under several javac configurations, alternated: each round runs every
 * configuration once per project, in an order rotated from round to round so that drift (a
 * neighbour's load, thermal state) spreads over all of them. Warm-up rounds run the same way and
 * are thrown away (they fill the page cache and settle the machine). Each figure is the median,
 * over the measured rounds, of that round's ratio — never a ratio of medians.
 *
 * <pre>
 * CompileBench --title T --out DIR --project DIR [--project DIR ...]
 *              --configs plain,plugin,noop,processor[,listener,errorprone,rlc]
 *              --processorpath PATH|@FILE --benchpath PATH [--errorprone PATH|@FILE] [--checker PATH|@FILE]
 *              [--processorpath-before PATH|@FILE]   (adds configs plugin-before, processor-before)
 *              [--rounds 5] [--warmup 1] [--peer-rounds N] [--peer-timeout SECONDS] [--release N] [--max-files N]
 * </pre>
 *
 * A project directory holds {@code src/}, {@code files.txt} (the sources, one per line, absolute
 * or relative to the project or to {@code src/}), {@code classpath.txt} (entries separated by
 * newlines or the path separator; may be empty) and optionally {@code javac-options.txt} (extra
 * javac arguments, one per line; a {@code --release} there replaces the common one).
 */
public final class CompileBench {

  /**
   * One way of running javac; {@code classpath} is added to the project's class path (the
   * Checker Framework needs its qualifiers there).
   */
  record Config(String name, String what, List<String> jvm, List<String> args, String classpath) {
    Config(String name, String what, List<String> jvm, List<String> args) {
      this(name, what, jvm, args, "");
    }
  }

  /**
   * Error Prone and the Checker Framework reach into javac's internals and need these on JDK 17+
   * (their documented setup). The sessioncheck configurations never get them: the processor uses
   * public APIs only, and the benchmark would hide it if it did not.
   */
  static final List<String> INTERNALS = List.of(
      "api", "code", "comp", "file", "main", "model", "parser", "processing", "tree", "util").stream()
      .map(p -> "-J--add-opens=jdk.compiler/com.sun.tools.javac." + p + "=ALL-UNNAMED")
      .collect(Collectors.toUnmodifiableList());

  static final java.util.Set<String> PEERS = java.util.Set.of("errorprone", "rlc");

  public static void main(String[] argv) throws IOException {
    Map<String, List<String>> opts = Args.parse(argv);
    String title = Args.one(opts, "title", "compile benchmark");
    Path out = Path.of(Args.one(opts, "out", null));
    int rounds = Integer.parseInt(Args.one(opts, "rounds", "5"));
    int warmup = Integer.parseInt(Args.one(opts, "warmup", "1"));
    int peerRounds = Integer.parseInt(Args.one(opts, "peer-rounds", Integer.toString(rounds)));
    String timeout = Args.optional(opts, "peer-timeout");
    Duration peerLimit = timeout == null ? null : Duration.ofSeconds(Long.parseLong(timeout));
    List<Project> projects = new ArrayList<>();
    int maxFiles = Integer.parseInt(Args.one(opts, "max-files", "0"));
    for (String p : opts.getOrDefault("project", List.of())) {
      projects.add(Project.read(Path.of(p), maxFiles));
    }
    if (projects.isEmpty()) {
      throw new IllegalArgumentException("no --project given");
    }
    Map<String, Config> all = configs(opts);
    List<Config> configs = new ArrayList<>();
    for (String name : Args.one(opts, "configs", "plain,plugin,noop,processor").split(",")) {
      Config c = all.get(name.trim());
      if (c == null) {
        throw new IllegalArgumentException("unknown or unconfigured config '" + name + "' (known: " + all.keySet() + ")");
      }
      configs.add(c);
    }
    if (!configs.get(0).name().equals("plain")) {
      throw new IllegalArgumentException("the first config must be plain (the baseline)");
    }
    List<String> common = new ArrayList<>(List.of("-encoding", "UTF-8", "-implicit:none"));
    opts.getOrDefault("release", List.of()).forEach(r -> common.addAll(List.of("--release", r)));

    Javac javac = new Javac(Path.of(System.getProperty("java.home")));
    Files.createDirectories(out);
    // times[project][config] = seconds per measured round
    Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
    Map<String, Map<String, Javac.Result>> last = new LinkedHashMap<>();
    Map<String, Map<String, String>> failed = new LinkedHashMap<>();
    StringBuilder csv = new StringBuilder("round,project,config,seconds,exit,warnings,errors\n");
    Map<String, String> skipped = new LinkedHashMap<>();
    for (int r = -warmup; r < rounds; r++) {
      for (Project p : projects) {
        if (skipped.containsKey(p.name())) {
          continue;
        }
        for (int k = 0; k < configs.size(); k++) {
          Config c = configs.get(Math.floorMod(k + r, configs.size()));
          if (failed.getOrDefault(p.name(), Map.of()).containsKey(c.name())) {
            continue;
          }
          // The peers are slow (the Resource Leak Checker by far): no warm-up for them, and
          // optionally fewer rounds. Their ratios still come from rounds shared with plain.
          if (PEERS.contains(c.name()) && (r < 0 || r >= peerRounds)) {
            continue;
          }
          List<String> args = new ArrayList<>(common);
          int release = args.indexOf("--release");
          if (release >= 0 && p.options().contains("--release")) {
            // The project's own release wins (jOOλ 0.9.15 compiles only with --release 11).
            args.subList(release, release + 2).clear();
          }
          args.addAll(p.options());
          args.addAll(c.args());
          String classpath = String.join(java.io.File.pathSeparator,
              List.of(p.classpath(), c.classpath()).stream().filter(x -> !x.isEmpty()).toList());
          if (!classpath.isEmpty()) {
            args.addAll(List.of("-classpath", classpath));
          }
          Path outDir = out.resolve("classes").resolve(p.name()).resolve(c.name());
          args.addAll(List.of("-d", outDir.toString()));
          args.addAll(p.files());
          Path log = out.resolve("logs").resolve(p.name() + "." + c.name() + ".log");
          Javac.Result res = javac.run(c.jvm(), args, outDir, log, PEERS.contains(c.name()) ? peerLimit : null);
          String label = r < 0 ? "warmup" : Integer.toString(r);
          System.out.printf(Locale.ROOT, "[%s] round %s %-12s %-11s %7.2f s exit %d warnings %d errors %d%n",
              title, label, p.name(), c.name(), res.seconds(), res.exit(), res.warnings(), res.errors());
          csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.4f,%d,%d,%d%n",
              label, p.name(), c.name(), res.seconds(), res.exit(), res.warnings(), res.errors()));
          if (res.exit() != 0) {
            if (c.name().equals("plain")) {
              // The sources do not compile as given: no configuration of this project can be timed
              // (javac stops before code generation), so the project is reported and left out.
              System.out.println("[" + title + "] " + p.name() + ": plain javac fails (" + res.errors()
                  + " errors, see " + log + "); project left out");
              skipped.put(p.name(), "plain javac fails: exit " + res.exit() + ", " + res.errors() + " errors");
              break;
            }
            failed.computeIfAbsent(p.name(), x -> new LinkedHashMap<>())
                .put(c.name(), res.timedOut()
                    ? String.format(Locale.ROOT, "stopped after %.0f s (--peer-timeout; plain javac: %s)", res.seconds(), plainSeconds(last, p))
                    : "exit " + res.exit() + ", " + res.errors() + " errors (" + out.relativize(log) + ")");
            continue;
          }
          last.computeIfAbsent(p.name(), x -> new LinkedHashMap<>()).put(c.name(), res);
          if (r >= 0) {
            times.computeIfAbsent(p.name(), x -> new LinkedHashMap<>())
                .computeIfAbsent(c.name(), x -> new ArrayList<>()).add(res.seconds());
          }
        }
      }
      Files.writeString(out.resolve("times.csv"), csv, StandardCharsets.UTF_8);
    }
    List<Project> measured = projects.stream().filter(p -> !skipped.containsKey(p.name())).collect(Collectors.toList());
    if (measured.isEmpty()) {
      throw new IllegalStateException("no project compiles with plain javac: " + skipped);
    }
    times.keySet().removeAll(skipped.keySet());
    Report report = new Report(title, measured, configs, times, last, failed, rounds, warmup, skipped);
    Files.writeString(out.resolve("table.md"), report.markdown(), StandardCharsets.UTF_8);
    Properties summary = report.summary();
    try (var w = Files.newBufferedWriter(out.resolve("summary.properties"), StandardCharsets.UTF_8)) {
      summary.store(w, title);
    }
    System.out.println(report.markdown());
  }

  static Map<String, Config> configs(Map<String, List<String>> opts) {
    Map<String, Config> m = new LinkedHashMap<>();
    m.put("plain", new Config("plain", "javac alone (`-proc:none`)", List.of(), List.of("-proc:none")));
    String proc = Args.path(Args.one(opts, "processorpath", null));
    String bench = Args.path(Args.one(opts, "benchpath", null));
    // A second build of the checker (an older commit, say), so that a before/after comparison
    // runs in the same alternated rounds as everything else.
    String before = Args.path(Args.optional(opts, "processorpath-before"));
    if (before != null) {
      m.put("plugin-before", new Config("plugin-before", "`-Xplugin:SessionCheck`, the --processorpath-before build", List.of(),
          List.of("-proc:none", "-processorpath", before, "-Xplugin:SessionCheck warn=true")));
      m.put("processor-before", new Config("processor-before", "the processor, the --processorpath-before build", List.of(),
          List.of("-processorpath", before, "-processor", "dev.sessioncheck.processor.SessionCheckProcessor",
              "-Asessioncheck.warn=true")));
    }
    if (bench != null) {
      m.put("listener", new Config("listener", "a plugin with one empty task listener (`-Xplugin:NoOpListener`)", List.of(),
          List.of("-proc:none", "-processorpath", bench, "-Xplugin:NoOpListener")));
    }
    if (proc != null) {
      m.put("plugin", new Config("plugin", "`-Xplugin:SessionCheck` (`-proc:none`)", List.of(),
          List.of("-proc:none", "-processorpath", proc, "-Xplugin:SessionCheck warn=true")));
      m.put("processor", new Config("processor", "the sessioncheck processor", List.of(),
          List.of("-processorpath", proc, "-processor", "dev.sessioncheck.processor.SessionCheckProcessor",
              "-Asessioncheck.warn=true")));
    }
    if (bench != null) {
      m.put("noop", new Config("noop", "a no-op processor claiming `*`", List.of(),
          List.of("-processorpath", bench, "-processor", NoOpProcessor.class.getName())));
    }
    String ep = Args.path(Args.one(opts, "errorprone", null));
    if (ep != null) {
      m.put("errorprone", new Config("errorprone",
          "Error Prone, only CheckReturnValue + MustBeClosedChecker", INTERNALS,
          List.of("-proc:none", "-XDcompilePolicy=simple", "--should-stop=ifError=FLOW",
              "-processorpath", ep,
              "-Xplugin:ErrorProne -XepDisableAllChecks -Xep:CheckReturnValue:WARN -Xep:MustBeClosedChecker:WARN")));
    }
    String cf = Args.path(Args.one(opts, "checker", null));
    if (cf != null) {
      m.put("rlc", new Config("rlc", "Checker Framework Resource Leak Checker", INTERNALS,
          List.of("-processorpath", cf, "-processor",
              "org.checkerframework.checker.resourceleak.ResourceLeakChecker", "-Awarns"),
          Arrays.stream(cf.split(java.io.File.pathSeparator)).filter(j -> j.contains("checker-qual"))
              .collect(Collectors.joining(java.io.File.pathSeparator))));
    }
    return m;
  }

  /** One set of sources to compile. */
  /** Plain javac's last time on {@code p}, for the message of a peer that was stopped. */
  private static String plainSeconds(Map<String, Map<String, Javac.Result>> last, Project p) {
    Javac.Result r = last.getOrDefault(p.name(), Map.of()).get("plain");
    return r == null ? "?" : String.format(Locale.ROOT, "%.1f s", r.seconds());
  }

  record Project(String name, Path dir, List<String> files, String classpath, List<String> options, long lines) {
    /**
     * With {@code maxFiles > 0} (quick mode) only the first files are compiled and the rest of
     * {@code src/} is reachable through {@code -sourcepath} without being compiled.
     */
    static Project read(Path dir, int maxFiles) throws IOException {
      dir = dir.toAbsolutePath().normalize();
      List<String> files = new ArrayList<>();
      long lines = 0;
      for (String line : Files.readAllLines(dir.resolve("files.txt"), StandardCharsets.UTF_8)) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        Path f = Path.of(s);
        if (!f.isAbsolute()) {
          f = Files.exists(dir.resolve(s)) ? dir.resolve(s) : dir.resolve("src").resolve(s);
        }
        if (maxFiles > 0 && files.size() >= maxFiles) {
          break;
        }
        files.add(f.toString());
        try (var l = Files.lines(f, StandardCharsets.UTF_8)) {
          lines += l.count();
        } catch (java.io.UncheckedIOException e) {
          // not UTF-8: counted as bytes/40 is not worth it; lines are only for the table
        }
      }
      String cp = "";
      Path cpFile = dir.resolve("classpath.txt");
      if (Files.exists(cpFile)) {
        cp = Arrays.stream(Files.readString(cpFile, StandardCharsets.UTF_8).split("[\\r\\n" + java.io.File.pathSeparator + "]+"))
            .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.joining(java.io.File.pathSeparator));
      }
      List<String> options = new ArrayList<>();
      Path optFile = dir.resolve("javac-options.txt");
      if (Files.exists(optFile)) {
        for (String line : Files.readAllLines(optFile, StandardCharsets.UTF_8)) {
          if (!line.isBlank() && !line.strip().startsWith("#")) {
            options.add(line.strip());
          }
        }
      }
      if (maxFiles > 0 && Files.isDirectory(dir.resolve("src"))) {
        options.addAll(List.of("-sourcepath", dir.resolve("src").toString()));
      }
      return new Project(dir.getFileName().toString(), dir, files, cp, options, lines);
    }
  }
}

package dev.sessioncheck.benchmarks.checker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One javac run in its own process ({@code $JAVA_HOME/bin/javac @argfile}). Separate processes
 * are the fair choice for comparing compiler plugins: every configuration starts from the same
 * cold JVM, as a command-line or Maven build does, and nothing one checker loads or JIT-compiles
 * can help the next run. The wall time therefore includes JVM start-up, the same for every
 * configuration.
 */
final class Javac {
  private static final Pattern WARNINGS = Pattern.compile("(?m)^(\\d+) warnings?$");
  private static final Pattern ERRORS = Pattern.compile("(?m)^(\\d+) errors?$");

  /** {@code timedOut}: stopped by the caller's time limit (then {@code exit} means nothing). */
  record Result(long nanos, int exit, int warnings, int errors, Path log, boolean timedOut) {
    double seconds() {
      return nanos / 1e9;
    }
  }

  private final Path javac;

  Javac(Path javaHome) {
    this.javac = javaHome.resolve("bin").resolve("javac");
  }

  /** Runs javac with {@code args} (written to an argfile next to {@code log}); output to {@code log}. */
  Result run(List<String> jvmFlags, List<String> args, Path outDir, Path log) {
    return run(jvmFlags, args, outDir, log, null);
  }

  /**
   * As above, but a run longer than {@code limit} (null: none) is killed and reported as timed
   * out: a peer that takes hours on one project must not take the whole benchmark with it.
   */
  Result run(List<String> jvmFlags, List<String> args, Path outDir, Path log, Duration limit) {
    try {
      deleteTree(outDir);
      Files.createDirectories(outDir);
      Files.createDirectories(log.getParent());
      Path argfile = log.resolveSibling(log.getFileName() + ".args");
      List<String> quoted = new ArrayList<>();
      for (String a : args) {
        quoted.add(quote(a));
      }
      Files.write(argfile, quoted, StandardCharsets.UTF_8);
      List<String> cmd = new ArrayList<>();
      cmd.add(javac.toString());
      // -J flags cannot go in an argfile.
      cmd.addAll(jvmFlags);
      cmd.add("@" + argfile);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      long t0 = System.nanoTime();
      Process p = pb.start();
      boolean timedOut = false;
      if (limit != null && !p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        timedOut = true;
      }
      int exit = p.waitFor();
      long nanos = System.nanoTime() - t0;
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return new Result(nanos, exit, count(WARNINGS, text), count(ERRORS, text), log, timedOut);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static String quote(String arg) {
    if (arg.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\'' || c == '\\' || c == '#')) {
      return arg;
    }
    return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}

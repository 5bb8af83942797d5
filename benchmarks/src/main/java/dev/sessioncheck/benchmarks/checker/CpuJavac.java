package dev.sessioncheck.benchmarks.checker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.spi.ToolProvider;

/**
 * {@code java -cp ... CpuJavac [javac arguments]}: runs javac once in this JVM and prints, on the
 * last line, the CPU seconds of the thread that compiled ({@code cpu}) and the wall seconds. On a
 * machine shared with other work the compiling thread's CPU time moves far less than the wall
 * time (it excludes time spent waiting for a core), so it is the figure for a before/after
 * comparison of the checker's own work; JIT and GC threads are not in it.
 */
public final class CpuJavac {
  public static void main(String[] args) {
    ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    int exit = javac.run(System.out, System.err, args);
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    long wall = System.nanoTime() - wall0;
    System.out.printf(Locale.ROOT, "CpuJavac exit %d cpu %.3f wall %.3f%n", exit, cpu / 1e9, wall / 1e9);
    System.exit(exit);
  }
}

package dev.sessioncheck.benchmarks.checker;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import dev.sessioncheck.processor.SessionCheckPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -Xplugin:"SessionCheckTimed out=FILE [SessionCheck options]"}: the real SessionCheck
 * plugin with a stopwatch around its work. javac calls task listeners in the order they were
 * added, so a listener added before the plugin's and one added after it bracket exactly the
 * checker's handling of each event, in particular of each ANALYZE event (javac's own attribution and flow analysis happen
 * before the event and are not counted). At the end of the compilation the wall and CPU
 * nanoseconds spent per top-level class are written to FILE, one {@code class<TAB>wall<TAB>cpu}
 * line each. The CPU time (of javac's thread, which runs the listeners) is what to compare on a
 * busy machine; on a quiet one the two agree.
 */
public final class TimedSessionCheck implements Plugin {
  @Override
  public String getName() {
    return "SessionCheckTimed";
  }

  @Override
  public void init(JavacTask task, String... args) {
    Path out = null;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("out=")) {
        out = Path.of(arg.substring(4));
      } else {
        rest.add(arg);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("SessionCheckTimed needs out=FILE");
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, long[]> nanos = new LinkedHashMap<>();
    long[] start = new long[2];
    task.addTaskListener(new TaskListener() {
      @Override
      public void finished(TaskEvent e) {
        start[0] = System.nanoTime();
        start[1] = threads.getCurrentThreadCpuTime();
      }
    });
    new SessionCheckPlugin().init(task, rest.toArray(new String[0]));
    Path file = out;
    task.addTaskListener(new TaskListener() {
      @Override
      public void finished(TaskEvent e) {
        long wall = System.nanoTime() - start[0];
        long cpu = threads.getCurrentThreadCpuTime() - start[1];
        // ANALYZE is the analysis, per class; the other kinds (the cheap pre-pass the checker
        // does on PARSE and ENTER) are summed per kind, in parentheses.
        String name = e.getKind() != TaskEvent.Kind.ANALYZE ? "(" + e.getKind() + ")"
            : e.getTypeElement() == null ? "?" : e.getTypeElement().getQualifiedName().toString();
        long[] sum = nanos.computeIfAbsent(name, k -> new long[2]);
        sum[0] += wall;
        sum[1] += cpu;
        if (e.getKind() == TaskEvent.Kind.COMPILATION) {
          StringBuilder sb = new StringBuilder();
          nanos.forEach((k, v) -> sb.append(k).append('\t').append(v[0]).append('\t').append(v[1]).append('\n'));
          try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        }
      }
    });
  }
}

package dev.sessioncheck.benchmarks.checker;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;

/**
 * {@code -Xplugin:NoOpListener}: a plugin that registers one task listener and does nothing in it.
 * It measures what javac itself charges any plugin that listens to task events: with a listener
 * present before parsing, javac keeps every comment and builds the end-position table of every
 * file ({@code JavaCompiler.parse}), and it attributes implicitly compiled classes too. That is
 * the floor of the {@code -Xplugin:SessionCheck} door, which needs the ANALYZE events.
 */
public final class NoOpListener implements Plugin {
  @Override
  public String getName() {
    return "NoOpListener";
  }

  @Override
  public void init(JavacTask task, String... args) {
    task.addTaskListener(new TaskListener() {
      @Override
      public void finished(TaskEvent e) {}
    });
  }
}

package dev.sessioncheck.processor;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import dev.sessioncheck.processor.report.Options;
import java.util.HashMap;
import java.util.Map;

/**
 * The javac-plugin door, {@code -Xplugin:"SessionCheck warn=true disable=unchecked-result
 * sarif=target/sessioncheck.sarif"}: the
 * same analysis as {@link SessionCheckProcessor} without joining annotation processing, so it
 * works under {@code -proc:none} and costs no processing rounds.
 */
public final class SessionCheckPlugin implements Plugin {
  @Override
  public String getName() {
    return "SessionCheck";
  }

  @Override
  public void init(JavacTask task, String... args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String key = eq < 0 ? arg : arg.substring(0, eq);
      String value = eq < 0 ? "" : arg.substring(eq + 1);
      options.put(key.startsWith("sessioncheck.") ? key : "sessioncheck." + key, value);
    }
    Analyzer.listenTo(task, Options.parse(options), "javac plugin");
  }
}

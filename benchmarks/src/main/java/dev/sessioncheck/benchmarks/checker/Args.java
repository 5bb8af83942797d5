package dev.sessioncheck.benchmarks.checker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} command lines; a name may repeat. */
final class Args {
  private Args() {}

  static Map<String, List<String>> parse(String[] argv) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --name value at '" + argv[i] + "'");
      }
      m.computeIfAbsent(argv[i].substring(2), k -> new ArrayList<>()).add(argv[++i]);
    }
    return m;
  }

  static String one(Map<String, List<String>> m, String name, String dflt) {
    List<String> v = m.get(name);
    if (v == null || v.isEmpty()) {
      if (dflt == null && !name.equals("processorpath") && !name.equals("benchpath")
          && !name.equals("errorprone") && !name.equals("checker")) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return dflt;
    }
    return v.get(v.size() - 1);
  }

  /** The last value of an option that may be left out, or null. */
  static String optional(Map<String, List<String>> m, String name) {
    List<String> v = m.get(name);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  /** A path given literally, or {@code @file} holding it (what maven-dependency-plugin writes). */
  static String path(String value) {
    if (value == null || !value.startsWith("@")) {
      return value;
    }
    try {
      return Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

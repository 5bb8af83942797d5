package dev.sessioncheck.processor.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Contracts of libraries that cannot carry the annotations, in a small line format (see
 * {@code models.txt} in this package's resources, which is always loaded). Parsing is lenient: a
 * line that does not parse is skipped and named in {@link #problems()}.
 */
public final class Models {
  /** One model line. */
  public static final class Rule {
    public final boolean terminal;
    public final String type;
    /** A method name, or {@code *} for every instance method of the type and its subtypes. */
    public final String method;
    public final Set<String> allowAfter;
    public final Set<String> except;
    /**
     * {@code mustcheck} only: methods of the receiver that settle a discarded result. A result
     * thrown away while a tracked reference still holds the receiver becomes an obligation on the
     * receiver, met by a later call of one of these on it; empty when the result itself must be
     * inspected.
     */
    public final Set<String> checkedBy;
    /** Where the line comes from, {@code <file>:<line>}, for messages about it. */
    public final String origin;

    Rule(boolean terminal, String type, String method, Set<String> allowAfter, Set<String> except, Set<String> checkedBy, String origin) {
      this.terminal = terminal;
      this.type = type;
      this.method = method;
      this.allowAfter = allowAfter;
      this.except = except;
      this.checkedBy = checkedBy;
      this.origin = origin;
    }
  }

  private final List<Rule> rules = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  public List<Rule> rules() {
    return Collections.unmodifiableList(rules);
  }

  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }

  /** The built-in models plus, when {@code userFile} is not null, the user's. */
  public static Models load(String userFile) {
    Models m = new Models();
    try (InputStream in = Models.class.getResourceAsStream("/dev/sessioncheck/processor/models.txt")) {
      if (in != null) {
        m.read(new InputStreamReader(in, StandardCharsets.UTF_8), "built-in models");
      }
    } catch (IOException e) {
      m.problems.add("built-in models: " + e);
    }
    if (userFile != null && !userFile.isEmpty()) {
      try (Reader r = Files.newBufferedReader(Path.of(userFile), StandardCharsets.UTF_8)) {
        m.read(r, userFile);
      } catch (IOException | RuntimeException e) {
        // A relative path resolves against the compiler's working directory, which a multi-module
        // build changes from module to module: name the file as it was looked for.
        m.problems.add(userFile + ": cannot read " + Path.of(userFile).toAbsolutePath() + " (" + e + ")");
      }
    }
    return m;
  }

  void read(Reader reader, String source) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    String line;
    int n = 0;
    while ((line = in.readLine()) != null) {
      n++;
      int hash = line.indexOf(" #");
      String text = (line.startsWith("#") ? "" : hash >= 0 ? line.substring(0, hash) : line).trim();
      if (text.isEmpty()) {
        continue;
      }
      String[] parts = text.split("\\s+");
      int sharp = parts.length >= 2 ? parts[1].indexOf('#') : -1;
      boolean terminal = parts[0].equals("terminal");
      if ((!terminal && !parts[0].equals("mustcheck")) || sharp <= 0 || sharp == parts[1].length() - 1) {
        problems.add(source + ":" + n + ": expected 'terminal <type>#<method> [allowAfter=..] [except=..]' or 'mustcheck <type>#<method> [checkedBy=..]'");
        continue;
      }
      Set<String> allow = new LinkedHashSet<>();
      Set<String> except = new LinkedHashSet<>();
      Set<String> checkedBy = new LinkedHashSet<>();
      String wrong = null;
      for (int i = 2; i < parts.length && wrong == null; i++) {
        String attr = parts[i];
        if (attr.startsWith("allowAfter=") && terminal) {
          allow.addAll(names(attr.substring("allowAfter=".length())));
        } else if (attr.startsWith("except=") && terminal) {
          except.addAll(names(attr.substring("except=".length())));
        } else if (attr.startsWith("checkedBy=") && !terminal) {
          List<String> by = names(attr.substring("checkedBy=".length()));
          if (by.isEmpty()) {
            wrong = "checkedBy names no method";
          }
          checkedBy.addAll(by);
        } else if (attr.startsWith("allowAfter=") || attr.startsWith("except=")) {
          // Silently dropping these would leave the user believing the line says more than it does.
          wrong = attr.substring(0, attr.indexOf('=')) + " applies to terminal lines only";
        } else if (attr.startsWith("checkedBy=")) {
          wrong = "checkedBy applies to mustcheck lines only";
        } else {
          wrong = "unknown attribute '" + attr + "'";
        }
      }
      if (wrong != null) {
        problems.add(source + ":" + n + ": " + wrong + " in '" + text + "'");
        continue;
      }
      rules.add(new Rule(terminal, parts[1].substring(0, sharp), parts[1].substring(sharp + 1), allow, except, checkedBy, source + ":" + n));
    }
  }

  private static List<String> names(String list) {
    List<String> out = new ArrayList<>();
    for (String s : Arrays.asList(list.split(","))) {
      if (!s.trim().isEmpty()) {
        out.add(s.trim());
      }
    }
    return out;
  }
}

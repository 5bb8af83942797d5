package dev.sessioncheck.examples.testing;

import dev.sessioncheck.annotations.MustCheck;
import dev.sessioncheck.processor.SessionCheckProcessor;
import dev.sessioncheck.runtime.Session;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one source file against the runtime, with or without the sessioncheck processor, the
 * way a user's build would ({@code --release 17}, the processor given explicitly), and flattens
 * javac's diagnostics for comparison with markers.
 */
public final class Javac {
  private static final Pattern RULE_PREFIX = Pattern.compile("^\\[sessioncheck:([a-z][a-z-]*)\\]");

  private Javac() {}

  /** One diagnostic; {@code ruleId} is null unless it is sessioncheck's. */
  public record Diag(
      Diagnostic.Kind kind, String file, long line, long column, String code, String ruleId,
      String message) {

    /** A finding; the NOTE that points at the call which ended a value belongs to its error. */
    public boolean isSessioncheck() {
      return ruleId != null && kind != Diagnostic.Kind.NOTE;
    }

    @Override
    public String toString() {
      return file + ":" + line + ":" + column + ": " + kind.toString().toLowerCase(Locale.ROOT)
          + " [" + code + "] " + message;
    }
  }

  /** The outcome: whether javac succeeded, every diagnostic, and javac's other output. */
  public record Result(boolean success, List<Diag> diagnostics, String output) {
    public List<Diag> sessioncheck() {
      return diagnostics.stream().filter(Diag::isSessioncheck).toList();
    }

    public List<Diag> others() {
      return diagnostics.stream().filter(d -> !d.isSessioncheck()).toList();
    }

    /** Every diagnostic, one per line, for failure messages. */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      for (Diag d : diagnostics) {
        sb.append("  ").append(d).append('\n');
      }
      if (!output.isBlank()) {
        sb.append("  javac output: ").append(output.strip()).append('\n');
      }
      return sb.length() == 0 ? "  (no diagnostics)\n" : sb.toString();
    }
  }

  /** Compiles {@code source} with the sessioncheck processor into {@code classes}. */
  public static Result withChecker(Path source, Path classes) {
    return compile(source, classes, true);
  }

  /** Compiles {@code source} with no annotation processing at all. */
  public static Result withoutChecker(Path source, Path classes) {
    return compile(source, classes, false);
  }

  private static Result compile(Path source, Path classes, boolean checker) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    // Messages are formatted lazily and may need compiler state that is gone once the task ends
    // (JDK 25 reads --release symbols from a zip file system it closes then): flatten each
    // diagnostic as javac reports it.
    List<Diag> diags = new ArrayList<>();
    DiagnosticListener<JavaFileObject> listener = d -> diags.add(flatten(d));
    StringWriter output = new StringWriter();
    List<String> options = new ArrayList<>(List.of(
        "--release", "17",
        "-encoding", "UTF-8",
        "-classpath", classpath(),
        "-d", classes.toString()));
    if (!checker) {
      options.add("-proc:none");
    }
    boolean success;
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(listener, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task = javac.getTask(
          output, files, listener, options, null, files.getJavaFileObjects(source.toFile()));
      if (checker) {
        // A new instance per compilation: javac initialises a processor once.
        task.setProcessors(List.of(new SessionCheckProcessor()));
      }
      success = task.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(success, List.copyOf(diags), output.toString());
  }

  private static Diag flatten(Diagnostic<? extends JavaFileObject> d) {
    String message = d.getMessage(Locale.ROOT);
    Matcher rule = RULE_PREFIX.matcher(message);
    String file = d.getSource() == null
        ? "<no file>"
        : Path.of(d.getSource().toUri()).getFileName().toString();
    return new Diag(d.getKind(), file, d.getLineNumber(), d.getColumnNumber(), d.getCode(),
        rule.find() ? rule.group(1) : null, message);
  }

  /**
   * The runtime, the annotations and the runtime's own dependencies, found from the classes the
   * test itself loaded (surefire's class path may be a manifest-only jar).
   */
  static String classpath() {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(locationOf(Session.class));
    entries.add(locationOf(MustCheck.class));
    for (String name : List.of(
        "com.fasterxml.jackson.databind.ObjectMapper",
        "com.fasterxml.jackson.core.JsonFactory",
        "com.fasterxml.jackson.annotation.JsonView")) {
      try {
        entries.add(locationOf(Class.forName(name)));
      } catch (ClassNotFoundException e) {
        // Not a dependency of the runtime (any more): nothing to add.
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + type, e);
    }
  }
}

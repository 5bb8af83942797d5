package dev.sessioncheck.processor.report;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The SARIF 2.1.0 log of one compilation ({@code -Asessioncheck.sarif=<path>}): one run, the
 * enabled rules as the driver's rules, one result per finding in the order javac printed them
 * (suppressed findings included and marked {@code inSource}), the notes of a finding as its
 * related locations.
 *
 * <p>Locations are copied out of the trees when a finding is recorded, so the log holds no tree
 * and no compilation unit until the end of the compilation. Artifact URIs are the source files'
 * own absolute URIs ({@link JavaFileObject#toUri()}): the checker does not know where the project
 * root is (javac runs in Maven's, Gradle's or an IDE's working directory), and an absolute file
 * URI is never ambiguous; GitHub's upload action makes such URIs relative to the checkout itself.
 * Columns count UTF-16 code units from 1, as {@code columnKind} says; tabs count as one.
 */
public final class Sarif {
  /** Where the schema is published by OASIS (the official 2.1.0 schema, errata 01). */
  public static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

  private final Options options;
  private final String entryPoint;
  private final List<RuleId> rules = new ArrayList<>();
  private final List<Map<String, Object>> results = new ArrayList<>();

  /** {@code entryPoint} says which door ran the checker (recorded in the invocation). */
  public Sarif(Options options, String entryPoint) {
    this.options = options;
    this.entryPoint = entryPoint;
    for (RuleId r : RuleId.values()) {
      if (options.enabled(r)) {
        rules.add(r);
      }
    }
  }

  /** A region of a source file, 1-based; {@code endLine} is -1 when javac knows no end. */
  public static final class Location {
    final String uri;
    final long startLine;
    final long startColumn;
    final long endLine;
    final long endColumn;

    Location(String uri, long startLine, long startColumn, long endLine, long endColumn) {
      this.uri = uri;
      this.startLine = startLine;
      this.startColumn = startColumn;
      this.endLine = endLine;
      this.endColumn = endColumn;
    }
  }

  /**
   * Where {@code tree} is: the same start and end javac gives the diagnostic it prints at that
   * tree. Columns are computed from offsets rather than taken from javac's diagnostics, which
   * expand tabs to multiples of 8.
   */
  public static Location locate(CompilationUnitTree unit, Tree tree, SourcePositions positions) {
    JavaFileObject file = unit.getSourceFile();
    String uri = file == null ? "unknown" : file.toUri().toString();
    LineMap lines = unit.getLineMap();
    long start = positions.getStartPosition(unit, tree);
    if (lines == null || start < 0) {
      return new Location(uri, -1, -1, -1, -1);
    }
    long startLine = lines.getLineNumber(start);
    long startColumn = start - lines.getStartPosition(startLine) + 1;
    long end = positions.getEndPosition(unit, tree);
    if (end < start) {
      // Plain command-line javac keeps no end positions; the start alone is still a region.
      return new Location(uri, startLine, startColumn, -1, -1);
    }
    long endLine = lines.getLineNumber(end);
    return new Location(uri, startLine, startColumn, endLine, end - lines.getStartPosition(endLine) + 1);
  }

  /** A secondary location of a result, with its one-line message. */
  public static final class Related {
    final Location location;
    final String message;

    public Related(Location location, String message) {
      this.location = location;
      this.message = message;
    }
  }

  /** Records one finding; {@code message} is the diagnostic's text, rule prefix included. */
  public void add(RuleId rule, Diagnostic.Kind kind, String message, Location where, List<Related> related, boolean suppressed) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ruleId", rule.id());
    int index = rules.indexOf(rule);
    if (index >= 0) {
      result.put("ruleIndex", index);
    }
    result.put("level", kind == Diagnostic.Kind.ERROR ? "error" : "warning");
    result.put("message", text(withoutPrefix(message)));
    result.put("locations", List.of(location(where)));
    if (!related.isEmpty()) {
      List<Object> rel = new ArrayList<>();
      for (int i = 0; i < related.size(); i++) {
        Map<String, Object> r = location(related.get(i).location);
        Map<String, Object> withId = new LinkedHashMap<>();
        withId.put("id", i + 1);
        withId.putAll(r);
        withId.put("message", text(withoutPrefix(related.get(i).message)));
        rel.add(withId);
      }
      result.put("relatedLocations", rel);
    }
    if (suppressed) {
      result.put("suppressions", List.of(Map.of("kind", "inSource")));
    }
    results.add(result);
  }

  /** How many results were recorded, suppressed ones included. */
  public int size() {
    return results.size();
  }

  /** The whole log as JSON text. */
  public String render() {
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "sessioncheck");
    String version = Sarif.class.getPackage() == null ? null : Sarif.class.getPackage().getImplementationVersion();
    if (version != null) {
      driver.put("version", version);
    }
    List<Object> ruleList = new ArrayList<>();
    for (RuleId r : rules) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", r.id());
      rule.put("shortDescription", text(r.summary()));
      String page = "docs/rules/" + r.id() + ".md";
      Map<String, Object> help = new LinkedHashMap<>();
      help.put("text", "See " + page + " in the sessioncheck repository: the problem, the fix, how to suppress, known limitations.");
      help.put("markdown", "See [" + page + "](" + page + ") in the sessioncheck repository: the problem, the fix, how to suppress, known limitations.");
      rule.put("help", help);
      rule.put("defaultConfiguration", Map.of("level", r == RuleId.INTERNAL_ERROR || options.warn() ? "warning" : "error"));
      ruleList.add(rule);
    }
    driver.put("rules", ruleList);

    Map<String, Object> invocation = new LinkedHashMap<>();
    invocation.put("executionSuccessful", true);
    invocation.put("properties", Map.of("entryPoint", entryPoint));

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("invocations", List.of(invocation));
    run.put("columnKind", "utf16CodeUnits");
    run.put("results", results);

    Map<String, Object> log = new LinkedHashMap<>();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    log.put("runs", List.of(run));
    return Json.write(log);
  }

  /** Writes the log to {@code path} in UTF-8, creating missing parent directories. */
  public void write(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(path, render().getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> location(Location l) {
    Map<String, Object> physical = new LinkedHashMap<>();
    physical.put("artifactLocation", Map.of("uri", l.uri));
    if (l.startLine > 0) {
      Map<String, Object> region = new LinkedHashMap<>();
      region.put("startLine", l.startLine);
      region.put("startColumn", l.startColumn);
      if (l.endLine > 0) {
        region.put("endLine", l.endLine);
        region.put("endColumn", l.endColumn);
      }
      physical.put("region", region);
    }
    Map<String, Object> location = new LinkedHashMap<>();
    location.put("physicalLocation", physical);
    return location;
  }

  private static Map<String, Object> text(String s) {
    return Map.of("text", s);
  }

  /** The message without its {@code [sessioncheck:<id>] } prefix: the result names its rule. */
  static String withoutPrefix(String message) {
    if (message.startsWith("[sessioncheck:")) {
      int close = message.indexOf("] ");
      if (close > 0) {
        return message.substring(close + 2);
      }
    }
    return message;
  }
}

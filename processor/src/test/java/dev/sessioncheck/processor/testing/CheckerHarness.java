package dev.sessioncheck.processor.testing;

import static java.util.stream.Collectors.toList;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.sessioncheck.processor.SessionCheckProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles test sources with the sessioncheck processor and compares its diagnostics with the
 * {@code // expect:} markers written on the offending lines.
 *
 * <pre>{@code
 * CheckerHarness.sources("""
 *     import api.Session;
 *     class Logout {
 *       void run(Session s) {
 *         s.destroy(err -> { if (err != null) throw err; });
 *         s.get("user"); // expect: use-after-terminal "is used after s.destroy()"
 *       }
 *     }
 *     """).expectFromMarkers();
 * }</pre>
 *
 * <p>Marker grammar (on the line the diagnostic must be reported on): {@code // expect: } then one
 * or more items separated by commas; an item is a rule id optionally followed by a quoted fragment
 * the message must contain. A line may carry the same id twice to expect two diagnostics.
 *
 * <p>{@link Builder#expectFromMarkers()} fails when: a marked diagnostic is missing, an unmarked one
 * is reported (diagnostics are compared as a multiset of (file, line, rule id)), a fragment is not
 * in the message, a sessioncheck diagnostic has the wrong severity (ERROR by default, WARNING with
 * {@code -Asessioncheck.warn=true}), an {@code internal-error} is reported, or javac reports any
 * other error (a test source must compile).
 *
 * <p>Secondary locations (NOTE diagnostics carrying a rule prefix, such as the note at the call that
 * ended a value) are not findings: {@link Result#sessioncheck()} leaves them out and markers do not
 * name them. {@link Builder#expectFromMarkers()} checks them instead: each must directly follow a
 * finding of its rule (or another note of that finding) and read {@code '<var>' was ended here by
 * <call>}; with notes on (the default) every {@code use-after-terminal} finding of the real checker
 * (not a stand-in given to {@link Builder#processor}) has at least one,
 * with {@code -Asessioncheck.notes=false} (plugin: {@code notes=false}) there are none.
 *
 * <p>{@link TestApi#SOURCES} is added to every compilation unless a unit of the test declares
 * {@code package api;} itself or {@link Builder#withoutTestApi()} is called.
 */
public final class CheckerHarness {
  private CheckerHarness() {}

  private static final Supplier<Processor> DEFAULT_FACTORY = CheckerHarness::newProcessor;

  /**
   * {@code -Dsessioncheck.test.compileOnly=true}: only check that the test sources compile, without
   * the checker. For writing tests while the checker is unfinished; never set in CI.
   */
  static final boolean COMPILE_ONLY = Boolean.getBoolean("sessioncheck.test.compileOnly");

  /**
   * {@code -Dsessioncheck.test.door=plugin}: every compilation that would run the checker as an
   * annotation processor runs it through the javac-plugin door instead, its {@code
   * -Asessioncheck.k=v} options passed as plugin arguments {@code k=v}; the build runs the rule
   * tests once more this way (the {@code plugin-door} execution in {@code processor/pom.xml}), so
   * both doors are held to the same expectations. {@link Builder#viaProcessor()} and {@link
   * Builder#processor} pin the processor door.
   */
  public static final boolean PLUGIN_DOOR = "plugin".equals(System.getProperty("sessioncheck.test.door"));

  /** Every rule id the checker may print; a marker naming anything else is a typo. */
  public static final Set<String> RULE_IDS =
      Set.of(
          "unchecked-result",
          "unchecked-error",
          "null-callback",
          "use-after-terminal",
          "bad-annotation",
          "internal-error");

  private static final Pattern RULE_PREFIX = Pattern.compile("^\\[sessioncheck:([a-z][a-z-]*)\\]");
  private static final Pattern NOTE_TEXT =
      Pattern.compile("\\[sessioncheck:use-after-terminal\\] '[^'\\n]+' was ended here by [^\\n]+");
  private static final Pattern MARKER = Pattern.compile("//\\s*expect:(.*)$");
  private static final Pattern MARKER_ITEM =
      Pattern.compile("\\s*([a-z][a-z-]*)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\")?\\s*(,|$)");

  public static Builder sources(String... units) {
    return new Builder(Arrays.asList(units));
  }

  public static Builder sources(List<String> units) {
    return new Builder(units);
  }

  /** What to compile and how. */
  public static final class Builder {
    private final List<String> units;
    private final List<String> options = new ArrayList<>();
    private final List<File> extraClasspath = new ArrayList<>();
    private boolean addTestApi = true;
    private boolean runChecker = true;
    private boolean pluginWarn = false;
    private boolean pluginNotesOff = false;
    private boolean pinnedToProcessor = false;
    private Supplier<Processor> processorFactory = DEFAULT_FACTORY;

    private Builder(List<String> units) {
      if (units.isEmpty()) {
        throw new IllegalArgumentException("no compilation units given");
      }
      this.units = List.copyOf(units);
    }

    /** javac options, e.g. {@code -Asessioncheck.warn=true}. */
    public Builder options(String... opts) {
      options.addAll(Arrays.asList(opts));
      return this;
    }

    /** Entries appended to the test's own class path (e.g. a directory of compiled classes). */
    public Builder classpath(Path... entries) {
      for (Path p : entries) {
        extraClasspath.add(p.toFile());
      }
      return this;
    }

    /** Do not add {@link TestApi#SOURCES} (e.g. when the API comes from class files). */
    public Builder withoutTestApi() {
      addTestApi = false;
      return this;
    }

    /** Compile with plain javac, e.g. to produce class files for a later compilation. */
    public Builder withoutChecker() {
      runChecker = false;
      return this;
    }

    /**
     * Runs the checker through its javac-plugin door ({@code -Xplugin:"SessionCheck <args>"},
     * found on the class path) instead of as an annotation processor; {@code args} are the
     * plugin's own, e.g. {@code warn=true}.
     */
    public Builder viaPlugin(String... args) {
      runChecker = false;
      StringBuilder plugin = new StringBuilder("-Xplugin:SessionCheck");
      for (String a : args) {
        plugin.append(' ').append(a);
      }
      options.add(plugin.toString());
      pluginWarn = Arrays.asList(args).contains("warn=true");
      pluginNotesOff = Arrays.asList(args).contains("notes=false");
      return this;
    }

    /**
     * Runs the checker as an annotation processor even when {@link #PLUGIN_DOOR} is set: for tests
     * that compare the two doors, and for the processor's own option handling.
     */
    public Builder viaProcessor() {
      pinnedToProcessor = true;
      return this;
    }

    /**
     * Runs another processor instead of a bare {@link SessionCheckProcessor}: a stand-in for the
     * harness's own tests, or sessioncheck behind a wrapper (as build tools run it).
     */
    public Builder processor(Supplier<Processor> factory) {
      processorFactory = factory;
      return this;
    }

    public Result compile() {
      List<Unit> all = new ArrayList<>();
      for (String src : units) {
        all.add(Unit.of(src, false));
      }
      boolean testDeclaresApi = all.stream().anyMatch(u -> "api".equals(u.packageName()));
      if (addTestApi && !testDeclaresApi) {
        for (String src : TestApi.SOURCES) {
          all.add(Unit.of(src, true));
        }
      }
      boolean throughPlugin = PLUGIN_DOOR && runChecker && !pinnedToProcessor && processorFactory == DEFAULT_FACTORY;
      Compiler compiler = Compiler.javac().withOptions(throughPlugin ? pluginOptions(options) : options);
      if (runChecker && !throughPlugin) {
        compiler = compiler.withProcessors(processorFactory.get());
      }
      if (!extraClasspath.isEmpty()) {
        List<File> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
          if (!e.isEmpty()) {
            cp.add(new File(e));
          }
        }
        cp.addAll(extraClasspath);
        compiler = compiler.withClasspath(cp);
      }
      Compilation compilation = compiler.compile(all.stream().map(Unit::file).collect(toList()));
      boolean notesOn = !notesOffRequested() && !pluginNotesOff;
      // A stand-in processor (the harness's own tests) prints findings without notes.
      boolean realChecker = processorFactory == DEFAULT_FACTORY || !runChecker;
      return new Result(compilation, all, warnRequested() || pluginWarn, notesOn, notesOn && realChecker);
    }

    /**
     * {@code opts} with every {@code -Asessioncheck.k[=v]} turned into the plugin argument {@code
     * k[=v]} of one {@code -Xplugin:SessionCheck ...}. javac splits plugin arguments at blanks,
     * so a value containing one cannot go through this door: that fails loudly rather than
     * testing something else.
     */
    static List<String> pluginOptions(List<String> opts) {
      List<String> out = new ArrayList<>();
      StringBuilder plugin = new StringBuilder("-Xplugin:SessionCheck");
      for (String o : opts) {
        if (!o.startsWith("-Asessioncheck.")) {
          out.add(o);
          continue;
        }
        String arg = o.substring("-Asessioncheck.".length());
        if (arg.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException(
              "'" + o + "' has a blank, which javac's plugin arguments cannot carry; pin this"
                  + " compilation to the processor door with viaProcessor()");
        }
        plugin.append(' ').append(arg);
      }
      out.add(plugin.toString());
      return out;
    }

    /** {@code -Asessioncheck.warn=<boolean>} as the seam specifies it; the last one wins. */
    private boolean warnRequested() {
      boolean warn = false;
      for (String o : options) {
        if (o.startsWith("-Asessioncheck.warn=")) {
          warn = Boolean.parseBoolean(o.substring("-Asessioncheck.warn=".length()).trim());
        }
      }
      return warn;
    }

    /** {@code -Asessioncheck.notes=false}; the last one wins. */
    private boolean notesOffRequested() {
      boolean off = false;
      for (String o : options) {
        if (o.startsWith("-Asessioncheck.notes=")) {
          off = o.substring("-Asessioncheck.notes=".length()).trim().equalsIgnoreCase("false");
        }
      }
      return off;
    }

    /**
     * Compiles and asserts that the sessioncheck diagnostics are exactly those the markers ask for
     * (see the class comment for every failure condition). Returns the result for further checks.
     */
    public Result expectFromMarkers() {
      if (COMPILE_ONLY && processorFactory == DEFAULT_FACTORY && runChecker) {
        runChecker = false;
        Result result = compile();
        result.assertCompiledOtherwiseCleanly();
        return result;
      }
      Result result = compile();
      result.assertMatchesMarkers();
      return result;
    }
  }

  /** A fresh processor per compilation: javac calls {@code init} once per instance. */
  private static Processor newProcessor() {
    return new SessionCheckProcessor();
  }

  /** One compilation unit with the file name javac requires for its first top-level type. */
  public record Unit(
      String packageName, String typeName, String source, boolean fromTestApi, JavaFileObject file) {

    static Unit of(String source, boolean fromTestApi) {
      String pkg = packageOf(source);
      String type = firstTopLevelType(source);
      if (type == null) {
        throw new IllegalArgumentException("no top-level type declared in:\n" + source);
      }
      String qualified = pkg.isEmpty() ? type : pkg + "." + type;
      return new Unit(
          pkg, type, source, fromTestApi, JavaFileObjects.forSourceString(qualified, source));
    }

    /** The path as the harness prints it, e.g. {@code api/Session.java}. */
    public String path() {
      return (packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/") + typeName + ".java";
    }

    String line(long lineNumber) {
      String[] lines = source.split("\n", -1);
      return lineNumber >= 1 && lineNumber <= lines.length ? lines[(int) lineNumber - 1] : "";
    }

    String numbered() {
      String[] lines = source.split("\n", -1);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < lines.length; i++) {
        if (i == lines.length - 1 && lines[i].isEmpty()) {
          break;
        }
        sb.append(String.format(Locale.ROOT, "  %4d | %s%n", i + 1, lines[i]));
      }
      return sb.toString();
    }
  }

  /** One javac diagnostic, flattened; {@code ruleId} is null for diagnostics not from sessioncheck. */
  public record Diag(
      Diagnostic.Kind kind,
      String file,
      long line,
      long column,
      long startPosition,
      long position,
      long endPosition,
      String ruleId,
      String message) {

    public boolean isSessioncheck() {
      return ruleId != null;
    }

    /** A secondary location of a finding: a NOTE carrying a rule prefix. */
    public boolean isNote() {
      return ruleId != null && kind == Diagnostic.Kind.NOTE;
    }

    /** The line an IDE shows. */
    public String firstLine() {
      int nl = message.indexOf('\n');
      return nl < 0 ? message : message.substring(0, nl);
    }

    /** Everything after the first line (the fix sentence), or "" if there is none. */
    public String rest() {
      int nl = message.indexOf('\n');
      return nl < 0 ? "" : message.substring(nl + 1);
    }

    @Override
    public String toString() {
      return file + ":" + line + ":" + column + ": " + kind.toString().toLowerCase(Locale.ROOT)
          + ": " + message;
    }
  }

  /** An expectation read from a marker. {@code fragment} is null when the marker has none. */
  public record Expectation(String file, long line, String ruleId, String fragment) {}

  /** The outcome of one compilation. */
  public static final class Result {
    private final Compilation compilation;
    private final List<Unit> units;
    private final boolean warnMode;
    private final boolean notesOn;
    private final boolean notesRequired;
    private final List<Diag> diagnostics;

    Result(Compilation compilation, List<Unit> units, boolean warnMode, boolean notesOn, boolean notesRequired) {
      this.notesRequired = notesRequired;
      this.compilation = compilation;
      this.units = units;
      this.warnMode = warnMode;
      this.notesOn = notesOn;
      Map<JavaFileObject, Unit> byFile = new IdentityHashMap<>();
      for (Unit u : units) {
        byFile.put(u.file(), u);
      }
      List<Diag> ds = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        String msg = d.getMessage(Locale.ROOT);
        Matcher m = RULE_PREFIX.matcher(msg);
        String file;
        if (d.getSource() == null) {
          file = "<no file>";
        } else if (byFile.containsKey(d.getSource())) {
          file = byFile.get(d.getSource()).path();
        } else {
          String n = d.getSource().getName();
          file = n.substring(n.lastIndexOf('/') + 1);
        }
        ds.add(
            new Diag(
                d.getKind(),
                file,
                d.getLineNumber(),
                d.getColumnNumber(),
                d.getStartPosition(),
                d.getPosition(),
                d.getEndPosition(),
                m.find() ? m.group(1) : null,
                msg));
      }
      this.diagnostics = List.copyOf(ds);
    }

    public Compilation compilation() {
      return compilation;
    }

    public boolean succeeded() {
      return compilation.status() == Compilation.Status.SUCCESS;
    }

    /** All diagnostics javac printed, in order. */
    public List<Diag> diagnostics() {
      return diagnostics;
    }

    /** Only sessioncheck's findings (its notes are in {@link #notes()}). */
    public List<Diag> sessioncheck() {
      return diagnostics.stream().filter(d -> d.isSessioncheck() && !d.isNote()).collect(toList());
    }

    /** Only sessioncheck's findings of one rule. */
    public List<Diag> sessioncheck(String ruleId) {
      return diagnostics.stream().filter(d -> ruleId.equals(d.ruleId()) && !d.isNote()).collect(toList());
    }

    /** sessioncheck's notes (secondary locations), in the order javac printed them. */
    public List<Diag> notes() {
      return diagnostics.stream().filter(Diag::isNote).collect(toList());
    }

    /** The notes printed right after {@code finding}, which must be one of {@link #diagnostics()}. */
    public List<Diag> notesOf(Diag finding) {
      int at = diagnostics.indexOf(finding);
      if (at < 0) {
        throw new IllegalArgumentException("not a diagnostic of this compilation: " + finding);
      }
      List<Diag> out = new ArrayList<>();
      for (int i = at + 1; i < diagnostics.size() && diagnostics.get(i).isNote(); i++) {
        out.add(diagnostics.get(i));
      }
      return out;
    }

    /** What is wrong with the notes: misplaced, misworded, missing, or present while off. */
    private List<String> noteProblems() {
      List<String> problems = new ArrayList<>();
      Diag owner = null;
      for (Diag d : diagnostics) {
        if (!d.isNote()) {
          if (owner != null && notesRequired && owner.ruleId().equals("use-after-terminal") && notesOf(owner).isEmpty()) {
            problems.add("no note at the ending call after:\n    " + owner);
          }
          owner = d.isSessioncheck() ? d : null;
          continue;
        }
        if (!notesOn) {
          problems.add("a note although notes are off:\n    " + d);
        } else if (owner == null || !owner.ruleId().equals(d.ruleId())) {
          problems.add("a note not directly after a finding of its rule:\n    " + d);
        } else if (!owner.file().equals(d.file())) {
          problems.add("a note in another file than its finding:\n    " + d + "\n    finding: " + owner);
        } else if (!NOTE_TEXT.matcher(d.message()).matches()) {
          problems.add("a note that is not \"'<var>' was ended here by <call>\":\n    " + d);
        }
      }
      if (owner != null && notesRequired && owner.ruleId().equals("use-after-terminal") && notesOf(owner).isEmpty()) {
        problems.add("no note at the ending call after:\n    " + owner);
      }
      return problems;
    }

    /** Every unit compiled, the stub API's included ({@link Unit#fromTestApi()} tells them apart). */
    public List<Unit> units() {
      return units;
    }

    /** The source text of a diagnostic's range, for position assertions. */
    public String sourceRange(Diag d) {
      Unit u = unitAt(d.file());
      if (u == null || d.startPosition() < 0 || d.endPosition() < 0) {
        return null;
      }
      return u.source().substring((int) d.startPosition(), (int) d.endPosition());
    }

    /** Writes the generated class files under {@code dir}, laid out by package. */
    public void writeClassesTo(Path dir) {
      for (JavaFileObject f : compilation.generatedFiles()) {
        if (f.getKind() != JavaFileObject.Kind.CLASS) {
          continue;
        }
        String path = f.toUri().getPath();
        String marker = "/CLASS_OUTPUT/";
        int at = path.indexOf(marker);
        String rel = at >= 0 ? path.substring(at + marker.length()) : path.replaceFirst("^/+", "");
        Path target = dir.resolve(rel);
        try (InputStream in = f.openInputStream()) {
          Files.createDirectories(target.getParent());
          Files.write(target, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    /** Every marker of the test's own units. */
    public List<Expectation> expectations() {
      List<Expectation> all = new ArrayList<>();
      for (Unit u : units) {
        if (!u.fromTestApi()) {
          all.addAll(parseMarkers(u.path(), u.source()));
        }
      }
      return all;
    }

    /** Fails with a side-by-side table unless the diagnostics are exactly what the markers say. */
    public void assertMatchesMarkers() {
      assertCompiledOtherwiseCleanly();
      List<Expectation> expected = expectations();
      List<Diag> actual = sessioncheck();

      Map<String, List<Expectation>> expByKey = new LinkedHashMap<>();
      for (Expectation e : expected) {
        expByKey.computeIfAbsent(key(e.file(), e.line(), e.ruleId()), k -> new ArrayList<>()).add(e);
      }
      Map<String, List<Diag>> actByKey = new LinkedHashMap<>();
      for (Diag d : actual) {
        actByKey.computeIfAbsent(key(d.file(), d.line(), d.ruleId()), k -> new ArrayList<>()).add(d);
      }

      List<Row> rows = new ArrayList<>();
      Set<String> keys = new TreeSet<String>();
      keys.addAll(expByKey.keySet());
      keys.addAll(actByKey.keySet());
      boolean ok = true;
      for (String k : keys) {
        List<Expectation> es = expByKey.getOrDefault(k, List.of());
        List<Diag> as = actByKey.getOrDefault(k, List.of());
        List<Row> rs = matchGroup(es, as);
        for (Row r : rs) {
          ok &= r.status.equals("ok");
        }
        rows.addAll(rs);
      }
      List<String> problems = noteProblems();
      for (Diag d : actual) {
        if ("internal-error".equals(d.ruleId())) {
          problems.add("internal-error reported (the checker crashed):\n    " + d);
        } else if (!severityOk(d)) {
          problems.add(
              "wrong severity " + d.kind() + " (expected "
                  + (warnMode ? "WARNING" : "ERROR") + "):\n    " + d);
        }
      }
      if (ok && problems.isEmpty()) {
        return;
      }
      StringBuilder sb = new StringBuilder();
      sb.append("sessioncheck diagnostics do not match the // expect: markers\n");
      for (Row r : rows) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %-8s %-28s expected: %-48s | actual: %s%n",
                r.status,
                r.file + ":" + r.line,
                r.expected,
                r.actual));
        if (!r.status.equals("ok")) {
          Unit u = unitAt(r.file);
          if (u != null) {
            sb.append(String.format(Locale.ROOT, "  %8s %4d | %s%n", "", r.line, u.line(r.line)));
          }
        }
      }
      for (String p : problems) {
        sb.append("  ").append(p).append('\n');
      }
      sb.append("sources:\n");
      for (Unit u : units) {
        if (!u.fromTestApi()) {
          sb.append("  ").append(u.path()).append('\n').append(u.numbered());
        }
      }
      throw new AssertionError(sb.toString());
    }

    /** Fails if javac reported an error that is not a sessioncheck diagnostic. */
    public void assertCompiledOtherwiseCleanly() {
      List<Diag> foreign =
          diagnostics.stream()
              .filter(d -> !d.isSessioncheck() && d.kind() == Diagnostic.Kind.ERROR)
              .collect(toList());
      if (foreign.isEmpty()) {
        return;
      }
      StringBuilder sb = new StringBuilder("the test source does not compile (not a sessioncheck error):\n");
      for (Diag d : foreign) {
        sb.append("  ").append(d).append('\n');
      }
      sb.append("sources:\n");
      for (Unit u : units) {
        if (!u.fromTestApi() || foreign.stream().anyMatch(d -> d.file().equals(u.path()))) {
          sb.append("  ").append(u.path()).append('\n').append(u.numbered());
        }
      }
      throw new AssertionError(sb.toString());
    }

    private boolean severityOk(Diag d) {
      if (warnMode) {
        return d.kind() == Diagnostic.Kind.WARNING || d.kind() == Diagnostic.Kind.MANDATORY_WARNING;
      }
      return d.kind() == Diagnostic.Kind.ERROR;
    }

    private Unit unitAt(String path) {
      for (Unit u : units) {
        if (u.path().equals(path)) {
          return u;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(compilation.status().toString()).append('\n');
      for (Diag d : diagnostics) {
        sb.append("  ").append(d).append('\n');
      }
      return sb.toString();
    }
  }

  private record Row(String status, String file, long line, String expected, String actual) {}

  /**
   * Pairs the expectations and diagnostics of one (file, line, rule): expectations with a fragment
   * take the first unused diagnostic containing it, the rest take what is left.
   */
  private static List<Row> matchGroup(List<Expectation> es, List<Diag> as) {
    List<Row> rows = new ArrayList<>();
    List<Diag> unused = new ArrayList<>(as);
    List<Expectation> ordered = new ArrayList<>(es);
    ordered.sort(Comparator.comparing(e -> e.fragment() == null));
    String file = es.isEmpty() ? as.get(0).file() : es.get(0).file();
    long line = es.isEmpty() ? as.get(0).line() : es.get(0).line();
    for (Expectation e : ordered) {
      String exp = e.ruleId() + (e.fragment() == null ? "" : " \"" + e.fragment() + "\"");
      Diag hit = null;
      for (Diag d : unused) {
        if (e.fragment() == null || d.message().contains(e.fragment())) {
          hit = d;
          break;
        }
      }
      if (hit != null) {
        unused.remove(hit);
        rows.add(new Row("ok", file, line, exp, hit.firstLine()));
      } else if (e.fragment() != null && !unused.isEmpty()) {
        Diag other = unused.remove(0);
        rows.add(new Row("WORDING", file, line, exp, other.message().replace("\n", " // ")));
      } else {
        rows.add(new Row("MISSING", file, line, exp, "(none)"));
      }
    }
    for (Diag d : unused) {
      rows.add(new Row("EXTRA", file, line, "(none)", d.firstLine()));
    }
    return rows;
  }

  private static String key(String file, long line, String rule) {
    return file + "\u0000" + String.format(Locale.ROOT, "%09d", line) + "\u0000" + rule;
  }


  /** Reads the {@code // expect:} markers of one unit. Malformed markers and unknown ids throw. */
  public static List<Expectation> parseMarkers(String file, String source) {
    List<Expectation> out = new ArrayList<>();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MARKER.matcher(lines[i]);
      if (!m.find()) {
        continue;
      }
      String rest = m.group(1);
      if (rest.isBlank()) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": empty // expect: marker");
      }
      Matcher item = MARKER_ITEM.matcher(rest);
      int pos = 0;
      while (pos < rest.length()) {
        item.region(pos, rest.length());
        if (!item.lookingAt()) {
          throw new IllegalArgumentException(
              file + ":" + (i + 1) + ": malformed // expect: marker at '" + rest.substring(pos)
                  + "'");
        }
        String id = item.group(1);
        if (!RULE_IDS.contains(id)) {
          throw new IllegalArgumentException(
              file + ":" + (i + 1) + ": unknown rule id '" + id + "' in marker; known: "
                  + new TreeSet<>(RULE_IDS));
        }
        String fragment = item.group(2) == null ? null : unescape(item.group(2));
        out.add(new Expectation(file, i + 1, id, fragment));
        pos = item.end();
        if (item.group(3).isEmpty()) {
          break;
        }
        if (pos >= rest.length() || rest.substring(pos).isBlank()) {
          throw new IllegalArgumentException(
              file + ":" + (i + 1) + ": // expect: marker ends with a comma");
        }
      }
    }
    return out;
  }

  private static String unescape(String s) {
    return s.replaceAll("\\\\(.)", "$1");
  }

  static String packageOf(String source) {
    Matcher m =
        Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;").matcher(stripCommentsAndLiterals(source));
    return m.find() ? m.group(1) : "";
  }

  /** The name of the first class, interface, enum, record or annotation type at brace depth 0. */
  static String firstTopLevelType(String source) {
    String code = stripCommentsAndLiterals(source);
    int depth = 0;
    Matcher tok = Pattern.compile("[{}]|[A-Za-z_$][\\w$]*").matcher(code);
    String previous = null;
    while (tok.find()) {
      String t = tok.group();
      if (t.equals("{")) {
        depth++;
      } else if (t.equals("}")) {
        depth--;
      } else if (depth == 0) {
        if (previous != null && Set.of("class", "interface", "enum", "record").contains(previous)
            && !Set.of("extends", "implements", "permits").contains(t)) {
          return t;
        }
        previous = t;
        continue;
      }
      previous = null;
    }
    return null;
  }

  /** Blanks comments, string, text-block and char literals so braces in them are not counted. */
  static String stripCommentsAndLiterals(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        end = end < 0 ? s.length() : end;
        out.append(" ".repeat(end - i));
        i = end;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        out.append(blank(s.substring(i, end)));
        i = end;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        end = end < 0 ? s.length() : end + 3;
        out.append(blank(s.substring(i, end)));
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, s.length());
        out.append(" ".repeat(j - i));
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String blank(String s) {
    return s.replaceAll("[^\n]", " ");
  }
}

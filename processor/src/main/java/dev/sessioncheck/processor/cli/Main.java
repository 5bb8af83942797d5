package dev.sessioncheck.processor.cli;

import com.sun.source.util.JavacTask;
import dev.sessioncheck.processor.SessionCheckPlugin;
import dev.sessioncheck.processor.SessionCheckProcessor;
import dev.sessioncheck.processor.report.RuleId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * {@code java -jar sessioncheck-processor.jar [options] <files or folders>}: checks sources without
 * a build. It runs the JDK's own compiler in this JVM with the plugin door ({@link
 * SessionCheckPlugin}) under {@code -proc:none}, so no processor round is paid and no processor of
 * the user's class path runs; class files go to a file manager that discards them.
 *
 * <p>The whole compile runs ({@code call()}, not just {@code analyze()}): the checker then sees
 * every event a real build sends it, including the end of the compilation, and its output files
 * (SARIF) are written as in a build. Only what javac would write as compiled output is dropped.
 *
 * <p>Exit codes: {@value #CLEAN} no finding; {@value #FINDINGS} sessioncheck findings (errors, or
 * warnings under {@code --warn}); {@value #USAGE} the command line is wrong and nothing was checked,
 * or a models file has a bad line (reported as an error naming file and line; the rest was checked);
 * {@value #DOES_NOT_COMPILE} the sources do not compile against the class path, so what was
 * checked is incomplete (this wins over {@value #FINDINGS}: a CI script must not read a broken
 * class path as "only findings"); {@value #ABNORMAL} the compiler itself failed.
 */
public final class Main {
  public static final int CLEAN = 0;
  public static final int FINDINGS = 1;
  public static final int USAGE = 2;
  public static final int DOES_NOT_COMPILE = 3;
  public static final int ABNORMAL = 4;

  static final String ANNOTATIONS_PACKAGE = "dev.sessioncheck.annotations";
  private static final String ANNOTATION_CLASS = "dev/sessioncheck/annotations/MustCheck.class";
  private static final String POM_PROPERTIES = "/META-INF/maven/dev.sessioncheck/sessioncheck-processor/pom.properties";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line: diagnostics and counts go to {@code out}, usage problems to {@code err}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Request request;
    try {
      request = Request.parse(args);
    } catch (UsageException e) {
      err.println("sessioncheck: " + e.getMessage());
      err.println("Try 'java -jar sessioncheck-processor.jar --help'.");
      return USAGE;
    }
    if (request.help) {
      out.print(usage());
      return CLEAN;
    }
    if (request.version) {
      out.println("sessioncheck " + version());
      return CLEAN;
    }
    try {
      return check(request, out, err);
    } catch (UsageException e) {
      err.println("sessioncheck: " + e.getMessage());
      return USAGE;
    } catch (RuntimeException | IOException | LinkageError e) {
      err.println("sessioncheck: the compiler failed; nothing reliable was checked");
      e.printStackTrace(err);
      return ABNORMAL;
    }
  }

  private static int check(Request request, PrintStream out, PrintStream err) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new UsageException("this Java runtime has no compiler (java.compiler module); run it with a JDK");
    }
    List<Path> sources = request.sources();
    Tally tally = new Tally(out);
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.getDefault(), request.encoding)) {
      List<Path> classPath = new ArrayList<>(request.classPath(err));
      files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
      boolean annotationsFound = hasAnnotations(files);
      if (!annotationsFound) {
        Path found = locateAnnotations(Main.class.getClassLoader(), ownJar());
        if (found != null) {
          classPath.add(found);
          files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
          annotationsFound = true;
        }
      }
      // No source path: javac would otherwise look for sources on the class path and check them too.
      files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
      List<String> options = new ArrayList<>(List.of("-proc:none", "-Xmaxerrs", "2147483647", "-Xmaxwarns", "2147483647"));
      if (request.release != null) {
        options.addAll(List.of("--release", request.release));
      }
      JavacTask task;
      try {
        task =
            (JavacTask)
                javac.getTask(
                    Writer.nullWriter(), new Discarding(files), tally, options, null, files.getJavaFileObjectsFromPaths(sources));
      } catch (IllegalArgumentException e) {
        // javac's own wording ("error: release version 99 not supported") without its prefix
        throw new UsageException(String.valueOf(e.getMessage()).replaceFirst("^error: ", ""));
      }
      new SessionCheckPlugin().init(task, request.checkerOptions.toArray(String[]::new));
      task.call();
      if (!annotationsFound && tally.mentionsAnnotations) {
        err.println(
            "sessioncheck: " + ANNOTATIONS_PACKAGE + " is not on the class path: add sessioncheck-annotations-"
                + version() + ".jar to --classpath, or put it next to this jar");
      }
    }
    tally.printCounts();
    if (tally.compileErrors > 0) {
      err.println("sessioncheck: the sources do not compile against this class path, so the check is incomplete");
      return DOES_NOT_COMPILE;
    }
    if (tally.setupErrors > 0) {
      return USAGE;
    }
    return tally.findings > 0 ? FINDINGS : CLEAN;
  }

  /** Whether the annotation types resolve on the class path the user gave. */
  private static boolean hasAnnotations(StandardJavaFileManager files) throws IOException {
    for (JavaFileObject ignored : files.list(StandardLocation.CLASS_PATH, ANNOTATIONS_PACKAGE, EnumSet.of(JavaFileObject.Kind.CLASS), false)) {
      return true;
    }
    return false;
  }

  /**
   * Where the annotation types can be found when the class path lacks them: beside the checker on
   * its own class path ({@code java -cp processor.jar:annotations.jar ...}), else the annotations
   * jar of the same version next to this jar, in the same folder (both downloaded together) or in
   * a Maven repository layout ({@code sessioncheck-processor/<v>/} beside {@code
   * sessioncheck-annotations/<v>/}). User code annotated with the contracts needs them to compile,
   * and a jar run on its own carries no class path. Null when none is found.
   */
  static Path locateAnnotations(ClassLoader loader, Path ownJar) {
    URL url = loader == null ? null : loader.getResource(ANNOTATION_CLASS);
    if (url != null) {
      Path root = codeRoot(url);
      if (root != null) {
        return root;
      }
    }
    if (ownJar == null) {
      return null;
    }
    String name = ownJar.getFileName().toString();
    String prefix = "sessioncheck-processor-";
    if (!name.startsWith(prefix) || !name.endsWith(".jar")) {
      return null;
    }
    String version = name.substring(prefix.length(), name.length() - ".jar".length());
    String annotations = "sessioncheck-annotations-" + version + ".jar";
    Path dir = ownJar.toAbsolutePath().getParent();
    List<Path> candidates = new ArrayList<>();
    candidates.add(dir.resolve(annotations));
    if (dir.getParent() != null && dir.getParent().getParent() != null) {
      candidates.add(dir.getParent().getParent().resolve("sessioncheck-annotations").resolve(version).resolve(annotations));
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c;
      }
    }
    return null;
  }

  /** The jar or folder a class-file resource was loaded from. */
  private static Path codeRoot(URL url) {
    try {
      String s = url.toString();
      if (s.startsWith("jar:file:") && s.contains("!/")) {
        return Path.of(new URI(s.substring("jar:".length(), s.indexOf("!/"))));
      }
      if (s.startsWith("file:") && s.endsWith(ANNOTATION_CLASS)) {
        return Path.of(new URI(s.substring(0, s.length() - ANNOTATION_CLASS.length())));
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // an unusual class loader: fall back to the jar lookup
    }
    return null;
  }

  /** The jar this class was loaded from, or null (classes folder, or no code source). */
  private static Path ownJar() {
    try {
      var source = Main.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path p = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(p) ? p : null;
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return null;
    }
  }

  /** The version Maven wrote into the jar; outside a jar (tests on classes) there is none. */
  static String version() {
    try (InputStream in = Main.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "(development build)";
  }

  static String usage() {
    StringBuilder rules = new StringBuilder();
    for (RuleId r : RuleId.values()) {
      rules.append(String.format("  %-20s %s%n", r.id(), r.summary()));
    }
    return String.join(
            "\n",
            "Usage: java -jar sessioncheck-processor.jar [options] <file.java or folder>...",
            "",
            "Checks Java sources with sessioncheck, without a build and without writing class",
            "files. Folders are searched for *.java (module-info.java is left out).",
            "",
            "Options:",
            "  -cp, --classpath <path>  what the sources compile against (jars and folders,",
            "                           separated by '" + java.io.File.pathSeparator + "'; dir/* means every jar in dir).",
            "                           The annotations jar is added when it is missing and",
            "                           lies next to this jar.",
            "  --release <N>            compile for Java N (default: this JDK's own version)",
            "  --encoding <charset>     source encoding (default: UTF-8)",
            "  --warn                   report findings as warnings (the exit code stays 1)",
            "  --disable <id,id>        turn rules off",
            "  --models <file>          extra library models",
            "  --sarif <file>           also write the findings as SARIF",
            "  -Asessioncheck.<key>[=<value>]",
            "                           any checker option, as javac's -A takes it",
            "  --version, -h/--help",
            "",
            "Exit codes:",
            "  0  no finding",
            "  1  findings (errors, or warnings with --warn)",
            "  2  usage error: unknown option, missing file, no sources (nothing was checked),",
            "     or a bad line in a models file (the error names it)",
            "  3  the sources do not compile against the class path; the check is incomplete",
            "  4  the compiler itself failed",
            "",
            "Rules:",
            "")
        + rules;
  }

  /** A command line that cannot run. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The parsed command line. */
  static final class Request {
    boolean help;
    boolean version;
    String classPath = "";
    String release;
    Charset encoding = StandardCharsets.UTF_8;
    final List<String> checkerOptions = new ArrayList<>();
    final List<String> operands = new ArrayList<>();

    static Request parse(String[] args) {
      Request r = new Request();
      Set<String> supported = new SessionCheckProcessor().getSupportedOptions();
      Map<String, String> sugar = new LinkedHashMap<>();
      boolean optionsEnded = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
          r.operands.add(arg);
          continue;
        }
        String name = arg;
        String inline = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          name = arg.substring(0, eq);
          inline = arg.substring(eq + 1);
        }
        switch (name) {
          case "--" -> optionsEnded = true;
          case "-h", "--help", "-help", "-?" -> r.help = true;
          case "--version", "-version" -> r.version = true;
          case "-cp", "-classpath", "--classpath", "--class-path" -> {
            r.classPath = inline != null ? inline : value(args, ++i, name);
          }
          case "--release" -> {
            r.release = inline != null ? inline : value(args, ++i, name);
            if (!r.release.matches("\\d+")) {
              throw new UsageException("--release takes a Java version number, not '" + r.release + "'");
            }
          }
          case "--encoding", "-encoding" -> {
            String e = inline != null ? inline : value(args, ++i, name);
            try {
              r.encoding = Charset.forName(e);
            } catch (IllegalArgumentException ex) {
              throw new UsageException("unknown encoding '" + e + "'");
            }
          }
          case "--warn" -> {
            if (inline != null) {
              throw new UsageException("--warn takes no value");
            }
            sugar.put("sessioncheck.warn", "true");
          }
          case "--disable" -> {
            String ids = inline != null ? inline : value(args, ++i, name);
            for (String id : ids.split(",")) {
              if (RuleId.fromId(id) == null) {
                throw new UsageException("--disable: no rule is called '" + id.trim() + "'");
              }
            }
            sugar.put("sessioncheck.disable", ids);
          }
          case "--models" -> {
            String file = inline != null ? inline : value(args, ++i, name);
            if (!Files.isRegularFile(Path.of(file))) {
              throw new UsageException("--models: no such file: " + file);
            }
            sugar.put("sessioncheck.models", file);
          }
          case "--sarif" -> sugar.put("sessioncheck.sarif", inline != null ? inline : value(args, ++i, name));
          default -> {
            if (!arg.startsWith("-A")) {
              throw new UsageException("unknown option '" + arg + "'");
            }
            String option = arg.substring(2);
            int e = option.indexOf('=');
            String key = e < 0 ? option : option.substring(0, e);
            if (!supported.contains(key)) {
              throw new UsageException("unknown checker option '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(supported)) + ")");
            }
            // The plugin door takes key=value; a bare key means what javac's -Akey means.
            r.checkerOptions.add(option);
          }
        }
      }
      for (Map.Entry<String, String> e : sugar.entrySet()) {
        if (!supported.contains(e.getKey())) {
          throw new UsageException("this checker does not support " + e.getKey());
        }
        r.checkerOptions.add(e.getKey() + "=" + e.getValue());
      }
      if (!r.help && !r.version && r.operands.isEmpty()) {
        throw new UsageException("no files or folders to check");
      }
      return r;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new UsageException(option + " needs a value");
      }
      return args[i];
    }

    /**
     * The class path entries; {@code dir/*} expands to the jars in {@code dir} as on the {@code
     * java} command line. An entry that does not exist is ignored with a warning: build tools print
     * class paths with folders that are not built yet, and javac ignores those too.
     */
    List<Path> classPath(PrintStream err) throws IOException {
      List<Path> out = new ArrayList<>();
      for (String entry : classPath.split(java.io.File.pathSeparator)) {
        if (entry.isEmpty()) {
          continue;
        }
        if (entry.equals("*") || entry.endsWith("/*") || entry.endsWith(java.io.File.separator + "*")) {
          Path dir = Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "." : entry.substring(0, entry.length() - 1));
          if (!Files.isDirectory(dir)) {
            err.println("sessioncheck: class path entry not found: " + entry);
            continue;
          }
          try (Stream<Path> jars = Files.list(dir)) {
            jars.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")).sorted().forEach(out::add);
          }
          continue;
        }
        Path p = Path.of(entry);
        if (!Files.exists(p)) {
          err.println("sessioncheck: class path entry not found: " + entry);
          continue;
        }
        out.add(p);
      }
      return out;
    }

    /**
     * The sources: files as given, folders walked in name order. Each file once, so a folder and a
     * file inside it do not make javac report a duplicate class.
     */
    List<Path> sources() throws IOException {
      Map<Path, Path> found = new LinkedHashMap<>();
      for (String operand : operands) {
        Path p = Path.of(operand);
        if (Files.isDirectory(p)) {
          List<Path> walked;
          try (Stream<Path> s = Files.walk(p)) {
            walked =
                s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("module-info.java"))
                    .sorted()
                    .toList();
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
          if (walked.isEmpty()) {
            throw new UsageException("no .java files in " + operand);
          }
          walked.forEach(f -> found.putIfAbsent(f.toAbsolutePath().normalize(), f));
        } else if (Files.isRegularFile(p)) {
          if (!operand.endsWith(".java")) {
            throw new UsageException("not a Java source file: " + operand);
          }
          found.putIfAbsent(p.toAbsolutePath().normalize(), p);
        } else {
          throw new UsageException("no such file or folder: " + operand);
        }
      }
      return new ArrayList<>(found.values());
    }
  }

  /**
   * Prints what matters as it arrives, in javac's own format: every sessioncheck diagnostic, and
   * every compile error (without them a broken class path would look clean). javac's own warnings
   * and notes (deprecation, lint) are left out: this is a checker, not a compiler.
   */
  private static final class Tally implements DiagnosticListener<JavaFileObject> {
    private final PrintStream out;
    int findings;
    int compileErrors;
    int setupErrors;
    int errors;
    int warnings;
    boolean mentionsAnnotations;

    Tally(PrintStream out) {
      this.out = out;
    }

    @Override
    public void report(Diagnostic<? extends JavaFileObject> d) {
      String message = d.getMessage(Locale.getDefault());
      boolean ours = message.startsWith("[sessioncheck:") || message.startsWith("sessioncheck");
      boolean error = d.getKind() == Diagnostic.Kind.ERROR;
      boolean warning = d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING;
      if (!ours && !error) {
        return;
      }
      out.println(d);
      if (error) {
        errors++;
      } else if (warning) {
        warnings++;
      }
      if (!ours) {
        compileErrors++;
        mentionsAnnotations |= message.contains(ANNOTATIONS_PACKAGE);
      } else if (error && !message.startsWith("[sessioncheck:")) {
        // The checker's own set-up failed (a bad models file): a usage problem, not a finding.
        setupErrors++;
      } else if ((error || warning)
          && message.startsWith("[sessioncheck:")
          && !message.startsWith("[sessioncheck:" + RuleId.INTERNAL_ERROR.id() + "]")) {
        // internal-error is the checker's failure, not the code's: it never changes the exit code.
        findings++;
      }
    }

    /** javac's closing lines. */
    void printCounts() {
      if (errors > 0) {
        out.println(errors + (errors == 1 ? " error" : " errors"));
      }
      if (warnings > 0) {
        out.println(warnings + (warnings == 1 ? " warning" : " warnings"));
      }
    }
  }

  /**
   * Hands javac write-only sinks for everything it would output (class files, and anything the
   * checker's compile would generate), so a check never leaves files next to the user's sources.
   */
  private static final class Discarding extends ForwardingJavaFileManager<StandardJavaFileManager> {
    Discarding(StandardJavaFileManager files) {
      super(files);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
      return new Sink(className.replace('.', '/') + kind.extension, kind);
    }

    @Override
    public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling) {
      return new Sink(packageName.replace('.', '/') + "/" + relativeName, JavaFileObject.Kind.OTHER);
    }
  }

  private static final class Sink extends SimpleJavaFileObject {
    Sink(String path, Kind kind) {
      super(uri(path), kind);
    }

    private static URI uri(String path) {
      try {
        return new URI("discarded", null, "/" + path, null);
      } catch (URISyntaxException e) {
        return URI.create("discarded:/output");
      }
    }

    @Override
    public OutputStream openOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public Writer openWriter() {
      return Writer.nullWriter();
    }
  }
}

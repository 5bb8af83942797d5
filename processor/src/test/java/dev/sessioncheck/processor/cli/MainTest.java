package dev.sessioncheck.processor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.processor.report.RuleId;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line run in this JVM through {@link Main#run}: exit codes, the exact lines printed,
 * what is left out (javac's own warnings), and that nothing but the sources is left in the folder.
 * The annotation types are on this test's class path, so {@link Main} finds them there; the
 * jar-alone case is {@link CliIT}'s.
 */
class MainTest {

  @TempDir Path dir;

  static final String API =
      """
      package api;

      import dev.sessioncheck.annotations.MustCheck;
      import dev.sessioncheck.annotations.TerminalOp;

      public interface Session {
        @TerminalOp void destroy();
        @MustCheck boolean save();
        Object get(String key);
      }
      """;

  static final String LOGOUT =
      """
      import api.Session;

      class Logout {
        Object run(Session session) {
          session.destroy();
          return session.get("user");
        }
      }
      """;

  static final String CLEAN =
      """
      import api.Session;

      class Clean {
        Object run(Session session) {
          Object user = session.get("user");
          session.destroy();
          Integer boxed = new Integer(1); // a javac warning, not a finding: left out
          return user + "" + boxed;
        }
      }
      """;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String relative, String text) throws IOException {
    Path f = dir.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  private String p(Path file) {
    return file.toString();
  }

  @Test
  void violationExitsOneWithJavacsLines() throws IOException {
    Path api = write("src/api/Session.java", API);
    Path logout = write("src/Logout.java", LOGOUT);
    Run r = run(p(api), p(logout));
    assertEquals(
        p(logout) + ":6: error: [sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 5\n"
            + "    return session.get(\"user\");\n"
            + "           ^\n"
            + "  Use the value before the ending call, or obtain a new one (only ==, instanceof, toString and the allowAfter methods stay legal).\n"
            + p(logout) + ":5: Note: [sessioncheck:use-after-terminal] 'session' was ended here by destroy()\n"
            + "    session.destroy();\n"
            + "                   ^\n"
            + "1 error\n",
        r.out().replace(System.lineSeparator(), "\n"));
    assertEquals("", r.err());
    assertEquals(Main.FINDINGS, r.exit());
  }

  @Test
  void cleanCodeExitsZeroAndPrintsNothing() throws IOException {
    Run r = run(p(write("src/api/Session.java", API)), p(write("src/Clean.java", CLEAN)));
    assertEquals(new Run(Main.CLEAN, "", ""), r);
  }

  @Test
  void nothingIsWrittenBesideTheSources() throws IOException {
    write("src/api/Session.java", API);
    write("src/Logout.java", LOGOUT);
    write("src/Clean.java", CLEAN);
    assertEquals(Main.FINDINGS, run(dir.resolve("src").toString()).exit());
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> left =
          files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace(File.separatorChar, '/')).sorted().toList();
      assertEquals(List.of("src/Clean.java", "src/Logout.java", "src/api/Session.java"), left);
    }
  }

  @Test
  void foldersAreWalkedOnceEachAndModuleInfoIsLeftOut() throws IOException {
    Path src = dir.resolve("src");
    write("src/api/Session.java", API);
    Path logout = write("src/web/Logout.java", LOGOUT.replace("import api.Session;", "package web;\n\nimport api.Session;"));
    Path twice = write("src/web/Twice.java", LOGOUT.replace("class Logout", "class Twice").replace("import api.Session;", "package web;\n\nimport api.Session;"));
    // Compiled, this would need a module nobody has: it must not be part of the check.
    write("src/module-info.java", "module app { requires no.such.module; }\n");
    // The folder and a file inside it: one compilation unit, no duplicate-class error.
    Run r = run(src.toString(), p(logout));
    List<String> errors = r.out().lines().filter(l -> l.contains(": error: ")).toList();
    assertEquals(
        List.of(
            p(logout) + ":8: error: [sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 7",
            p(twice) + ":8: error: [sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 7"),
        errors,
        r.toString());
    assertTrue(r.out().endsWith("2 errors" + System.lineSeparator()), r.out());
    assertEquals(Main.FINDINGS, r.exit(), r.toString());
  }

  @Test
  void warnModeStillExitsOne() throws IOException {
    Path api = write("src/api/Session.java", API);
    Path logout = write("src/Logout.java", LOGOUT);
    Run r = run("--warn", p(api), p(logout));
    assertTrue(r.out().startsWith(p(logout) + ":6: warning: [sessioncheck:use-after-terminal] "), r.out());
    assertTrue(r.out().endsWith("1 warning" + System.lineSeparator()), r.out());
    assertEquals(Main.FINDINGS, r.exit());
  }

  @Test
  void checkerOptionsReachTheChecker() throws IOException {
    Path api = write("src/api/Session.java", API);
    Path logout = write("src/Logout.java", LOGOUT);
    assertEquals(new Run(Main.CLEAN, "", ""), run("--disable", "use-after-terminal", p(api), p(logout)));
    assertEquals(new Run(Main.CLEAN, "", ""), run("--disable=bad-annotation,use-after-terminal", p(api), p(logout)));
    Run noNotes = run("-Asessioncheck.notes=false", p(api), p(logout));
    assertEquals(Main.FINDINGS, noNotes.exit());
    assertEquals(List.of(), noNotes.out().lines().filter(l -> l.contains("Note:")).toList(), noNotes.out());
    Run warn = run("-Asessioncheck.warn", p(api), p(logout));
    assertTrue(warn.out().contains(":6: warning: [sessioncheck:use-after-terminal]"), warn.out());
  }

  /** The checker writes SARIF when javac's compilation ends, an event only a full compile sends. */
  @Test
  void sarifIsWritten() throws IOException {
    Path api = write("src/api/Session.java", API);
    Path logout = write("src/Logout.java", LOGOUT);
    Path sarif = dir.resolve("out/sessioncheck.sarif");
    Files.createDirectories(sarif.getParent());
    Run r = run("--sarif", p(sarif), p(api), p(logout));
    assertEquals(Main.FINDINGS, r.exit(), r.toString());
    String log = Files.readString(sarif);
    assertTrue(log.contains("\"ruleId\"") && log.contains("use-after-terminal"), log);
    assertTrue(log.contains("Logout.java"), log);
    assertTrue(log.contains("\"startLine\": 6") || log.contains("\"startLine\":6"), log);
    Files.delete(sarif);
    assertEquals(Main.CLEAN, run("-Asessioncheck.sarif=" + sarif, "--disable", "use-after-terminal", p(api), p(logout)).exit());
    assertTrue(Files.isRegularFile(sarif), "a clean run writes a log too");
  }

  @Test
  void userModelsWithoutAnyAnnotation() throws IOException {
    Path legacy =
        write(
            "src/legacy/Conn.java",
            """
            package legacy;

            public interface Conn {
              void close();
              int read();
            }
            """);
    Path client =
        write(
            "src/Client.java",
            """
            class Client {
              int run(legacy.Conn c) {
                c.close();
                return c.read();
              }
            }
            """);
    Path models = write("models.txt", "terminal legacy.Conn#close\n");
    assertEquals(Main.CLEAN, run(p(legacy), p(client)).exit());
    Run r = run("--models", p(models), p(legacy), p(client));
    assertTrue(r.out().startsWith(p(client) + ":4: error: [sessioncheck:use-after-terminal] 'c' is used after c.close() ended it on line 3"), r.out());
    assertEquals(Main.FINDINGS, r.exit());
  }

  /** A bad models line is the user's set-up, not a finding: exit 2, the line named, the rest checked. */
  @Test
  void aBadModelsLineExitsTwoAndNamesTheLine() throws IOException {
    Path client =
        write(
            "src/Client.java",
            """
            class Client {
              void run() {}
            }
            """);
    Path models = write("models.txt", "# mine\nterminal legacy.Conn\n");
    Run r = run("--models", p(models), p(client));
    assertTrue(r.out().contains("error: sessioncheck: bad library model: " + p(models) + ":2: "), r.out());
    assertEquals(Main.USAGE, r.exit(), r.toString());
  }

  @Test
  void codeThatDoesNotCompileExitsThree() throws IOException {
    Path broken =
        write(
            "src/Broken.java",
            """
            class Broken {
              Object run(Missing m) {
                return m;
              }
            }
            """);
    Run r = run(p(broken));
    assertEquals(
        p(broken) + ":2: error: cannot find symbol\n"
            + "  Object run(Missing m) {\n"
            + "             ^\n"
            + "  symbol:   class Missing\n"
            + "  location: class Broken\n"
            + "1 error\n",
        r.out().replace(System.lineSeparator(), "\n"));
    assertEquals("sessioncheck: the sources do not compile against this class path, so the check is incomplete" + System.lineSeparator(), r.err());
    assertEquals(Main.DOES_NOT_COMPILE, r.exit());
  }

  @Test
  void compileErrorsWinOverFindings() throws IOException {
    Path api = write("src/api/Session.java", API);
    Path logout = write("src/Logout.java", LOGOUT);
    Path broken = write("src/Broken.java", "class Broken { Missing m; }\n");
    Run r = run(p(api), p(logout), p(broken));
    assertTrue(r.out().contains(p(broken) + ":1: error: cannot find symbol"), r.out());
    assertEquals(Main.DOES_NOT_COMPILE, r.exit(), r.toString());
  }

  @Test
  void classPathTakesFoldersAndWildcardsAndWarnsAboutMissingEntries() throws IOException {
    // The API is compiled where the class path points, not given as a source.
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    Path api = write("api-src/api/Session.java", API);
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    String annotations = Main.locateAnnotations(MainTest.class.getClassLoader(), null).toString();
    assertEquals(0, javac.run(null, null, null, "-proc:none", "-cp", annotations, "-d", classes.toString(), p(api)));
    Path logout = write("src/Logout.java", LOGOUT);
    String missing = dir.resolve("not-built").toString();
    Run r = run("--classpath", missing + File.pathSeparator + classes + File.pathSeparator + dir.resolve("no-jars-here") + File.separator + "*", p(logout));
    assertTrue(r.out().startsWith(p(logout) + ":6: error: [sessioncheck:use-after-terminal]"), r.toString());
    assertEquals(
        "sessioncheck: class path entry not found: " + missing + System.lineSeparator()
            + "sessioncheck: class path entry not found: " + dir.resolve("no-jars-here") + File.separator + "*" + System.lineSeparator(),
        r.err());
    assertEquals(Main.FINDINGS, r.exit());
  }

  @Test
  void usageErrorsExitTwoAndCheckNothing() throws IOException {
    Path logout = write("src/Logout.java", LOGOUT);
    write("empty/README.txt", "no sources here\n");
    Path text = write("notes.txt", "not java\n");
    String[][] cases = {
      {},
      {"--warn"},
      {"--frobnicate", p(logout)},
      {"-cp"},
      {dir.resolve("missing.java").toString()},
      {dir.resolve("empty").toString()},
      {p(text)},
      {"--disable", "use-after-destroy", p(logout)},
      {"-Asessioncheck.colour=red", p(logout)},
      {"--models", dir.resolve("no-models.txt").toString(), p(logout)},
      {"--release", "seventeen", p(logout)},
      {"--release", "99", p(logout)},
      {"--encoding", "no-such-charset", p(logout)},
    };
    List<String> expected =
        List.of(
            "sessioncheck: no files or folders to check",
            "sessioncheck: no files or folders to check",
            "sessioncheck: unknown option '--frobnicate'",
            "sessioncheck: -cp needs a value",
            "sessioncheck: no such file or folder: " + dir.resolve("missing.java"),
            "sessioncheck: no .java files in " + dir.resolve("empty"),
            "sessioncheck: not a Java source file: " + text,
            "sessioncheck: --disable: no rule is called 'use-after-destroy'",
            "sessioncheck: unknown checker option 'sessioncheck.colour'",
            "sessioncheck: --models: no such file: " + dir.resolve("no-models.txt"),
            "sessioncheck: --release takes a Java version number, not 'seventeen'",
            "sessioncheck: release version 99 not supported",
            "sessioncheck: unknown encoding 'no-such-charset'");
    for (int i = 0; i < cases.length; i++) {
      Run r = run(cases[i]);
      String what = String.join(" ", cases[i]) + " -> " + r;
      assertEquals(Main.USAGE, r.exit(), what);
      assertEquals("", r.out(), what);
      assertTrue(r.err().startsWith(expected.get(i)), what);
    }
  }

  @Test
  void helpAndVersion() {
    Run help = run("--help");
    assertEquals(Main.CLEAN, help.exit());
    assertTrue(help.out().startsWith("Usage: java -jar sessioncheck-processor.jar [options] <file.java or folder>..."), help.out());
    for (RuleId rule : RuleId.values()) {
      assertTrue(help.out().contains("  " + rule.id() + " "), rule.id());
    }
    for (String code : List.of("  0  ", "  1  ", "  2  ", "  3  ", "  4  ")) {
      assertTrue(help.out().contains(code), code);
    }
    Run version = run("--version");
    assertEquals(Main.CLEAN, version.exit());
    // Classes folders carry no version (Maven writes it into the jar); CliIT checks the jar's.
    assertTrue(version.out().matches("sessioncheck (\\(development build\\)|\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?)\\R"), version.out());
    assertEquals("", version.err());
  }

  @Test
  void annotationsAreFoundNextToTheJar() throws IOException {
    // Both jars downloaded into one folder.
    Path flat = dir.resolve("flat");
    Files.createDirectories(flat);
    Path processor = Files.createFile(flat.resolve("sessioncheck-processor-1.2.3.jar"));
    assertNull(Main.locateAnnotations(null, processor));
    Path annotations = Files.createFile(flat.resolve("sessioncheck-annotations-1.2.3.jar"));
    assertEquals(annotations, Main.locateAnnotations(null, processor));
    // Another version beside it does not count.
    Files.delete(annotations);
    Files.createFile(flat.resolve("sessioncheck-annotations-1.2.2.jar"));
    assertNull(Main.locateAnnotations(null, processor));

    // A Maven repository: dev/sessioncheck/<artifact>/<version>/<artifact>-<version>.jar
    Path repo = dir.resolve("m2/dev/sessioncheck");
    Path inRepo = repo.resolve("sessioncheck-processor/1.2.3/sessioncheck-processor-1.2.3.jar");
    Files.createDirectories(inRepo.getParent());
    Files.createFile(inRepo);
    Path annotationsInRepo = repo.resolve("sessioncheck-annotations/1.2.3/sessioncheck-annotations-1.2.3.jar");
    Files.createDirectories(annotationsInRepo.getParent());
    Files.createFile(annotationsInRepo);
    assertEquals(annotationsInRepo, Main.locateAnnotations(null, inRepo));

    // Not run from a jar at all, or from a jar of another name.
    assertNull(Main.locateAnnotations(null, null));
    assertNull(Main.locateAnnotations(null, Files.createFile(flat.resolve("checker.jar"))));

    // On the checker's own class path (as in this test): that copy wins.
    Path own = Main.locateAnnotations(MainTest.class.getClassLoader(), processor);
    assertTrue(own != null && Files.exists(own.resolve("dev/sessioncheck/annotations/MustCheck.class"))
        || own != null && own.toString().endsWith(".jar"), String.valueOf(own));
  }
}

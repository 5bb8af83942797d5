package dev.sessioncheck.processor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.annotations.MustCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: {@code java -jar target/sessioncheck-processor-<v>.jar ...} in
 * a separate process (the JDK running this test), from a folder holding the sources, so paths
 * print as the user typed them. Failsafe runs it after {@code package}; the working directory is
 * the processor module.
 */
class CliIT {

  @TempDir Path work;

  static Path jar;
  static Path annotationsJar;
  static String version;

  @BeforeAll
  static void findJars() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    try (Stream<Path> s = Files.list(target)) {
      List<Path> jars =
          s.filter(p -> p.getFileName().toString().matches("sessioncheck-processor-[^-]+(-SNAPSHOT)?\\.jar")).toList();
      assertEquals(1, jars.size(), "expected one packaged processor jar in " + target + ": " + jars);
      jar = jars.get(0);
    }
    String name = jar.getFileName().toString();
    version = name.substring("sessioncheck-processor-".length(), name.length() - ".jar".length());
    annotationsJar = annotationsJar(version);
  }

  /** The annotations jar this build made (the reactor's, or the repository copy Maven resolved). */
  static Path annotationsJar(String version) throws Exception {
    Path onClassPath = Path.of(MustCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(onClassPath)) {
      return onClassPath;
    }
    Path sibling = Path.of("..", "annotations", "target", "sessioncheck-annotations-" + version + ".jar").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(sibling), "no annotations jar at " + sibling);
    return sibling;
  }

  record Run(int exit, String out, String err) {}

  Run cli(Path jarToRun, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jarToRun.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the CLI did not finish");
    Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  Run cli(String... args) throws IOException, InterruptedException {
    return cli(jar, args);
  }

  private void write(String relative, String text) throws IOException {
    Path f = work.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  private static String lines(String... lines) {
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }

  @Test
  void violationExitsOneWithTheExactDiagnostic() throws Exception {
    write("src/api/Session.java", MainTest.API);
    write("src/Logout.java", MainTest.LOGOUT);
    Run r = cli("--classpath", annotationsJar.toString(), "src/api/Session.java", "src/Logout.java");
    assertEquals(
        new Run(
            Main.FINDINGS,
            lines(
                "src/Logout.java:6: error: [sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 5",
                "    return session.get(\"user\");",
                "           ^",
                "  Use the value before the ending call, or obtain a new one (only ==, instanceof, toString and the allowAfter methods stay legal).",
                "src/Logout.java:5: Note: [sessioncheck:use-after-terminal] 'session' was ended here by destroy()",
                "    session.destroy();",
                "                   ^",
                "1 error"),
            ""),
        r);
    try (Stream<Path> left = Files.walk(work)) {
      assertEquals(List.of(), left.filter(f -> f.toString().endsWith(".class")).toList(), "class files written");
    }
  }

  @Test
  void cleanFileExitsZeroAndPrintsNothing() throws Exception {
    write("src/api/Session.java", MainTest.API);
    write("src/Clean.java", MainTest.CLEAN);
    assertEquals(new Run(Main.CLEAN, "", ""), cli("-cp", annotationsJar.toString(), "src/api/Session.java", "src/Clean.java"));
  }

  @Test
  void usageErrorExitsTwo() throws Exception {
    write("src/Logout.java", MainTest.LOGOUT);
    assertEquals(
        new Run(
            Main.USAGE,
            "",
            lines("sessioncheck: unknown option '--frobnicate'", "Try 'java -jar sessioncheck-processor.jar --help'.")),
        cli("--frobnicate", "src/Logout.java"));
    assertEquals(
        new Run(Main.USAGE, "", lines("sessioncheck: no such file or folder: src/Nope.java")),
        cli("-cp", annotationsJar.toString(), "src/Nope.java"));
  }

  @Test
  void folderIsWalked() throws Exception {
    write("src/api/Session.java", MainTest.API);
    write("src/web/Logout.java", MainTest.LOGOUT.replace("import api.Session;", "package web;\n\nimport api.Session;"));
    write("src/web/admin/Kick.java", MainTest.LOGOUT.replace("class Logout", "class Kick").replace("import api.Session;", "package web.admin;\n\nimport api.Session;"));
    write("src/web/Clean.java", MainTest.CLEAN.replace("import api.Session;", "package web;\n\nimport api.Session;"));
    Run r = cli("--classpath", annotationsJar.toString(), "src");
    assertEquals(
        List.of(
            "src/web/Logout.java:8: error: [sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 7",
            "src/web/admin/Kick.java:8: error: [sessioncheck:use-after-terminal] 'session' is used after session.destroy() ended it on line 7",
            "2 errors"),
        r.out().lines().filter(l -> l.startsWith("src/") && l.contains("error") || l.endsWith(" errors")).toList(),
        r.toString());
    assertEquals(Main.FINDINGS, r.exit(), r.toString());
  }

  @Test
  void jdkOnlyCodeNeedsNoClassPath() throws Exception {
    // Streams are modelled as consumed by their first operation: no annotation, no class path.
    write(
        "Count.java",
        """
        import java.util.stream.Stream;

        class Count {
          long count(Stream<String> names) {
            names.filter(n -> !n.isEmpty());
            return names.count();
          }
        }
        """);
    Run r = cli("Count.java");
    assertTrue(
        r.out().startsWith("Count.java:6: error: [sessioncheck:use-after-terminal] 'names' is used after names.filter() ended it on line 5"),
        r.toString());
    assertEquals(Main.FINDINGS, r.exit(), r.toString());
  }

  @Test
  void jarAloneSaysWhereTheAnnotationsAre() throws Exception {
    write("src/api/Session.java", MainTest.API);
    write("src/Logout.java", MainTest.LOGOUT);
    Run r = cli("src");
    assertTrue(r.out().contains("src/api/Session.java:3: error: package dev.sessioncheck.annotations does not exist"), r.toString());
    assertEquals(
        lines(
            "sessioncheck: dev.sessioncheck.annotations is not on the class path: add sessioncheck-annotations-" + version
                + ".jar to --classpath, or put it next to this jar",
            "sessioncheck: the sources do not compile against this class path, so the check is incomplete"),
        r.err());
    assertEquals(Main.DOES_NOT_COMPILE, r.exit());
  }

  @Test
  void jarsSideBySideNeedNoClassPath() throws Exception {
    Path lib = work.resolve("lib");
    Files.createDirectories(lib);
    Path copy = Files.copy(jar, lib.resolve(jar.getFileName()));
    Files.copy(annotationsJar, lib.resolve("sessioncheck-annotations-" + version + ".jar"));
    write("src/api/Session.java", MainTest.API);
    write("src/Logout.java", MainTest.LOGOUT);
    Run r = cli(copy, "src");
    assertTrue(r.out().startsWith("src/Logout.java:6: error: [sessioncheck:use-after-terminal]"), r.toString());
    assertEquals("", r.err());
    assertEquals(Main.FINDINGS, r.exit());
  }

  @Test
  void versionIsTheBuiltOne() throws Exception {
    assertEquals(new Run(Main.CLEAN, lines("sessioncheck " + version), ""), cli("--version"));
  }
}

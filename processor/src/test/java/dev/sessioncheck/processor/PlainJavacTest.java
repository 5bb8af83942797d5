package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.annotations.MustCheck;
import dev.sessioncheck.processor.testing.TestApi;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user does (issue 2, "Must show"): a plain {@code javac -processorpath <processor>:<annotations>
 * -cp <annotations> Foo.java} with no other flag. The processor is discovered through its service
 * file, needs nothing on the processor path but itself and the annotations, prints errors at the
 * right lines with the caret on the offending expression, and prints nothing for clean code.
 */
class PlainJavacTest {

  @TempDir Path dir;

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Run(int exit, String output) {}

  private Run javac(String client) throws IOException {
    Path src = dir.resolve("src");
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    List<String> args = new ArrayList<>();
    String processor = location(SessionCheckProcessor.class);
    String annotations = location(MustCheck.class);
    args.addAll(List.of("-processorpath", processor + File.pathSeparator + annotations));
    args.addAll(List.of("-cp", annotations, "-d", out.toString()));
    List<String> units = new ArrayList<>(TestApi.SOURCES);
    units.add(client);
    for (String unit : units) {
      String pkg = unit.startsWith("package api;") ? "api" : "";
      String name = unit.replaceAll("(?s).*?(?:class|interface)\\s+(\\w+).*", "$1");
      Path file = src.resolve(pkg).resolve(name + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, unit);
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit = javac.run(null, stream, stream, args.toArray(String[]::new));
    return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void violationsFailTheCompileAtTheRightLines() throws IOException {
    Run run =
        javac(
            """
            import api.*;
            class LogoutHandler {
              void run(Session session, Callback cb) {
                session.destroy(cb);
                Object user = session.get("user");
                session.save();
              }
            }
            """);
    assertNotEquals(0, run.exit(), run.output());
    String out = run.output();
    assertTrue(
        out.contains(
            "LogoutHandler.java:5: error: [sessioncheck:use-after-terminal] 'session' is used after"
                + " session.destroy() ended it on line 4"),
        out);
    assertTrue(out.contains("LogoutHandler.java:6: error: [sessioncheck:"), out);
    // javac echoes the line and puts the caret under the use, as in DESIGN.md's example.
    List<String> lines = out.lines().toList();
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("LogoutHandler.java:5: error:")) {
        at = i;
      }
    }
    int echo = at + 1;
    while (!lines.get(echo).contains("Object user = session.get(\"user\");")) {
      echo++;
    }
    String caret = lines.get(echo + 1);
    assertEquals(lines.get(echo).indexOf("session.get"), caret.indexOf('^'), out);
    assertTrue(out.contains("2 errors"), out);
  }

  @Test
  void cleanCodePrintsNothing() throws IOException {
    Run run =
        javac(
            """
            import api.*;
            class LogoutHandler {
              void run(Session session) {
                Object user = session.get("user");
                session.destroy(err -> {
                  if (err != null) throw err;
                });
              }
            }
            """);
    assertEquals(0, run.exit(), run.output());
    assertEquals("", run.output());
  }

  @Test
  void mainSourcesUseOnlyPublicCompilerApis() throws IOException {
    String base = System.getProperty("basedir", System.getProperty("user.dir"));
    Path main = Path.of(base, "src", "main", "java");
    assertTrue(Files.isDirectory(main), main.toString());
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        for (String banned : List.of("com.sun.tools.javac", "sun.misc.", "jdk.internal.")) {
          if (text.contains(banned)) {
            offenders.add(main.relativize(f) + " mentions " + banned);
          }
        }
      }
    }
    assertEquals(List.of(), offenders);
  }
}

package dev.sessioncheck.processor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import dev.sessioncheck.processor.Analyzer;
import dev.sessioncheck.processor.report.Options;
import dev.sessioncheck.processor.rules.Rules;
import dev.sessioncheck.processor.testing.TestApi;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A bug in the checker must never break the user's build: a check that throws on one method
 * becomes one internal-error warning naming that method, and every other method is still checked.
 */
class CrashGuardTest {

  private static final String SOURCE =
      """
      import api.*;
      class Crash {
        void run(Session s) {
          s.get("k");
        }
        void other(Session s) {
          s.save();
        }
      }
      """;

  @Test
  void aCrashingCheckBecomesOneWarningAndTheBuildGoesOn() throws Exception {
    List<Rules.BodyCheck> checks = new ArrayList<>();
    checks.add(
        (ctx, body) -> {
          if (body.getLeaf() instanceof MethodTree && ((MethodTree) body.getLeaf()).getName().contentEquals("run")) {
            throw new IllegalStateException("boom");
          }
        });
    checks.add(
        (ctx, body) -> {
          if (body.getLeaf() instanceof MethodTree && ((MethodTree) body.getLeaf()).getName().contentEquals("run")) {
            throw new StackOverflowError();
          }
        });
    checks.addAll(Rules.BODY_CHECKS);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
    StandardJavaFileManager files = javac.getStandardFileManager(diags, null, null);
    List<JavaFileObject> units = new ArrayList<>();
    units.add(source("Crash", SOURCE));
    for (String api : TestApi.SOURCES) {
      String name = api.replaceAll("(?s).*?(?:interface|class)\\s+(\\w+).*", "$1");
      units.add(source("api/" + name, api));
    }
    String classpath = System.getProperty("java.class.path");
    File out = java.nio.file.Files.createTempDirectory("crash").toFile();
    JavacTask task =
        (JavacTask) javac.getTask(null, files, diags, List.of("-proc:none", "-cp", classpath, "-d", out.getPath()), null, units);
    new Analyzer(task, Options.parse(Map.of()), checks).listen(task);
    boolean ok = task.call();

    List<Diagnostic<? extends JavaFileObject>> ours =
        diags.getDiagnostics().stream()
            .filter(d -> d.getMessage(null).startsWith("[sessioncheck:"))
            .collect(Collectors.toList());
    List<String> internal =
        ours.stream()
            .filter(d -> d.getMessage(null).startsWith("[sessioncheck:internal-error]"))
            .map(d -> d.getKind() + " " + d.getLineNumber() + " " + d.getMessage(null))
            .collect(Collectors.toList());
    assertEquals(1, internal.size(), internal.toString());
    assertTrue(internal.get(0).startsWith("WARNING 3 "), internal.get(0));
    assertTrue(internal.get(0).contains("Crash.run"), internal.get(0));
    List<String> errors =
        ours.stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .map(d -> d.getLineNumber() + " " + d.getMessage(null).lines().findFirst().orElse(""))
            .collect(Collectors.toList());
    assertEquals(List.of("7 [sessioncheck:unchecked-result] the result of s.save() is discarded"), errors);
    assertEquals(false, ok, "the unchecked-result error in other() still fails the build");
  }

  private static JavaFileObject source(String path, String text) throws URISyntaxException {
    return new SimpleJavaFileObject(new URI("string:///" + path + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return text;
      }
    };
  }
}

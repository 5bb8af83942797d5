package dev.sessioncheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The result types are sealed so that a pattern {@code switch} over them is exhaustive. Pattern
 * switches need Java 21, so this compiles a client at {@code --release 21} when the test runs on
 * JDK 21 or later (skipped on 17).
 */
class ExhaustiveSwitchTest {

  private static String compile(String body) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject source = new SimpleJavaFileObject(
        URI.create("string:///Client.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return "import dev.sessioncheck.runtime.*;\n"
            + "class Client {\n  static String describe(ReloadResult r) {\n" + body + "\n  }\n}\n";
      }
    };
    StringWriter out = new StringWriter();
    boolean ok = javac.getTask(out, null, null,
        List.of("--release", "21", "-proc:none", "-d",
            System.getProperty("java.io.tmpdir") + "/sessioncheck-switch-test",
            "-classpath", System.getProperty("java.class.path")),
        null, List.of(source)).call();
    return ok ? "" : out.toString();
  }

  @Test
  void reloadResultSwitchIsExhaustiveWithThreeCases() {
    assumeTrue(Runtime.version().feature() >= 21, "pattern switch needs JDK 21+");
    assertEquals("", compile("""
            return switch (r) {
              case ReloadResult.Reloaded ok -> "reloaded";
              case ReloadResult.NotFound gone -> "gone: " + gone.id();
              case ReloadResult.StoreFailure failed -> "store down: " + failed.error().kind();
            };"""));
    String missing = compile("""
            return switch (r) {
              case ReloadResult.Reloaded ok -> "reloaded";
              case ReloadResult.NotFound gone -> "gone";
            };""");
    assertTrue(missing.contains("does not cover all possible input values"), missing);
  }
}

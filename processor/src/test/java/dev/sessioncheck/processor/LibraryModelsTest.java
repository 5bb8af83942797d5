package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.util.JavacTask;
import dev.sessioncheck.processor.model.Contracts;
import dev.sessioncheck.processor.model.Models;
import dev.sessioncheck.processor.testing.CheckerHarness;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Built-in models of APIs nobody can annotate (DESIGN.md, "Library models"): the servlet
 * {@code HttpSession#invalidate()} in both namespaces, and {@code java.util.stream.BaseStream},
 * whose operations consume their receiver. The real servlet APIs (jakarta.servlet-api 6.0.0,
 * javax.servlet-api 4.0.1) are on the test class path, so the tests compile against them and every
 * built-in line is checked to name methods the JDK or those APIs really have.
 */
class LibraryModelsTest {

  @Test
  void jakartaInvalidateIsTerminal() {
    CheckerHarness.sources(
            """
            import jakarta.servlet.http.HttpSession;
            class Logout {
              void run(HttpSession session) {
                Object user = session.getAttribute("user");
                session.invalidate();
                session.getAttribute("user"); // expect: use-after-terminal "'session' is used after session.invalidate() ended it on line 5"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void javaxInvalidateIsTerminal() {
    CheckerHarness.sources(
            """
            import javax.servlet.http.HttpSession;
            class Logout {
              void run(HttpSession session, boolean all) {
                if (all) {
                  session.invalidate();
                }
                session.setAttribute("k", 1); // expect: use-after-terminal "may be used after"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void whatTheServletJavadocKeepsLegalAfterInvalidate() {
    CheckerHarness.sources(
            """
            import jakarta.servlet.http.HttpSession;
            class Logout {
              String run(HttpSession session) {
                session.invalidate();
                String id = session.getId();
                session.setMaxInactiveInterval(session.getMaxInactiveInterval() + 1);
                long created = session.getCreationTime(); // expect: use-after-terminal "is used after session.invalidate()"
                return id + created;
              }
              boolean twice(HttpSession session) {
                session.invalidate();
                session.invalidate(); // expect: use-after-terminal "is used after session.invalidate()"
                return session.isNew(); // expect: use-after-terminal "is used after session.invalidate()"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aStreamIsConsumedByItsOperations() {
    CheckerHarness.sources(
            """
            import java.util.*;
            import java.util.stream.*;
            class Streams {
              long twice(List<String> list) {
                Stream<String> st = list.stream();
                long n = st.count();
                return n + st.count(); // expect: use-after-terminal
              }
              long reused(List<String> list) {
                Stream<String> st = list.stream();
                Stream<String> longer = st.filter(x -> x.length() > 3);
                Stream<String> shorter = st.filter(x -> x.length() <= 3); // expect: use-after-terminal
                return longer.count() + shorter.count();
              }
              int primitive(IntStream ints) {
                int sum = ints.sum();
                return sum + ints.max().orElse(0); // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void streamsUsedOnceAreFine() {
    CheckerHarness.sources(
            """
            import java.util.*;
            import java.util.stream.*;
            class Streams {
              long chained(List<String> list) {
                return list.stream().filter(x -> !x.isEmpty()).map(String::trim).count();
              }
              long stepwise(List<String> list) {
                Stream<String> st = list.stream();
                st = st.filter(x -> !x.isEmpty());
                Stream<String> trimmed = st.map(String::trim);
                return trimmed.count();
              }
              long closedAfterUse(List<String> list) {
                try (Stream<String> st = list.stream()) {
                  return st.count();
                }
              }
              boolean flagsAfterUse(Stream<String> st) {
                long n = st.count();
                boolean parallel = st.isParallel();
                st.close();
                st.close();
                return parallel && n > 0;
              }
            }
            """)
        .expectFromMarkers();
  }

  /**
   * Every method of the real {@code HttpSession}, called after {@code invalidate()}: reported unless
   * its Javadoc lacks the "IllegalStateException if this method is called on an invalidated
   * session" clause (getId, getServletContext, get/setMaxInactiveInterval, and javax's deprecated
   * getSessionContext; read from the 6.0.0 and 4.0.1 sources). A method a later API adds shows up
   * here as an unexpected finding until it is classified.
   */
  @Test
  void everyRealJakartaSessionMethodAfterInvalidate() {
    everyMethodAfterInvalidate(
        jakarta.servlet.http.HttpSession.class,
        Set.of("getId", "getServletContext", "getMaxInactiveInterval", "setMaxInactiveInterval"));
  }

  @Test
  void everyRealJavaxSessionMethodAfterInvalidate() {
    everyMethodAfterInvalidate(
        javax.servlet.http.HttpSession.class,
        Set.of("getId", "getServletContext", "getMaxInactiveInterval", "setMaxInactiveInterval", "getSessionContext"));
  }

  private static void everyMethodAfterInvalidate(Class<?> session, Set<String> legalAfter) {
    List<Method> methods =
        Arrays.stream(session.getDeclaredMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .sorted(Comparator.comparing(Method::getName).thenComparing(m -> m.getParameterCount()))
            .collect(Collectors.toList());
    assertTrue(methods.size() >= 12, methods.toString());
    StringBuilder src = new StringBuilder("import " + session.getName() + ";\n");
    src.append("@SuppressWarnings(\"deprecation\")\nclass AllMethods {\n");
    int i = 0;
    for (Method m : methods) {
      String args =
          Arrays.stream(m.getParameterTypes())
              .map(t -> t == int.class ? "1" : t == String.class ? "\"k\"" : "null")
              .collect(Collectors.joining(", "));
      String marker =
          legalAfter.contains(m.getName()) ? "" : " // expect: use-after-terminal \"is used after s.invalidate()\"";
      src.append("  void m").append(i++).append("(HttpSession s) {\n")
          .append("    s.invalidate();\n")
          .append("    ").append(m.getReturnType() == void.class ? "" : "Object r = ")
          .append("s.").append(m.getName()).append("(").append(args).append(");").append(marker).append("\n")
          .append("  }\n");
    }
    src.append("}\n");
    CheckerHarness.sources(src.toString()).expectFromMarkers();
  }

  /**
   * Every built-in line names a type that exists (the JDK for java.*, the real servlet APIs for the
   * servlet lines) and a method of it that can carry the contract; allowAfter and except name
   * methods of the type. {@link Contracts#modelProblems()}, which warns about user lines, agrees.
   */
  @Test
  void everyBuiltInLineNamesRealMethods() {
    assertTrue(codeSource(jakarta.servlet.http.HttpSession.class).contains("jakarta.servlet-api-6.0.0"),
        codeSource(jakarta.servlet.http.HttpSession.class));
    assertTrue(codeSource(javax.servlet.http.HttpSession.class).contains("javax.servlet-api-4.0.1"),
        codeSource(javax.servlet.http.HttpSession.class));
    Models builtIn = Models.load(null);
    assertEquals(List.of(), builtIn.problems());
    assertTrue(builtIn.rules().size() >= 15, "built-in rules: " + builtIn.rules().size());
    List<String> wrong =
        withElements(
            List.of("class Empty {}"),
            (elements, types) -> {
              List<String> out = new ArrayList<>();
              for (Models.Rule r : builtIn.rules()) {
                TypeElement type = elements.getTypeElement(r.type);
                if (type == null) {
                  out.add(r.origin + ": no type " + r.type);
                  continue;
                }
                String module = String.valueOf(elements.getModuleOf(type).getQualifiedName());
                if (r.type.startsWith("java.") && !module.startsWith("java.")) {
                  out.add(r.origin + ": " + r.type + " is not the JDK's (module '" + module + "')");
                }
                List<ExecutableElement> members = ElementFilter.methodsIn(elements.getAllMembers(type));
                Set<String> names = members.stream().map(m -> m.getSimpleName().toString()).collect(Collectors.toCollection(TreeSet::new));
                if (!r.method.equals("*")) {
                  boolean fits =
                      members.stream()
                          .filter(m -> m.getSimpleName().contentEquals(r.method))
                          .anyMatch(m -> r.terminal
                              ? !m.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)
                              : m.getReturnType().getKind() != TypeKind.VOID);
                  if (!fits) {
                    out.add(r.origin + ": " + r.type + " has no " + (r.terminal ? "instance" : "non-void") + " method " + r.method);
                  }
                }
                for (String n : r.allowAfter) {
                  if (!names.contains(n)) {
                    out.add(r.origin + ": allowAfter " + n + " is no method of " + r.type);
                  }
                }
                for (String n : r.except) {
                  if (!names.contains(n)) {
                    out.add(r.origin + ": except " + n + " is no method of " + r.type);
                  }
                }
              }
              out.addAll(new Contracts(elements, types, builtIn).modelProblems());
              return out;
            });
    assertEquals(List.of(), wrong);
  }

  @Test
  void theBuiltInServletLinesCoverBothNamespaces() {
    Set<String> types = Models.load(null).rules().stream().map(r -> r.type).collect(Collectors.toSet());
    assertTrue(types.contains("jakarta.servlet.http.HttpSession"), types.toString());
    assertTrue(types.contains("javax.servlet.http.HttpSession"), types.toString());
    assertFalse(types.contains("javax.servlet.http.HttpServletRequest"), types.toString());
  }

  /** A terminal contract says whether it comes from a model, for rules that treat those apart. */
  @Test
  void terminalContractsKnowWhetherTheyComeFromAModel() {
    List<Boolean> fromModel =
        withElements(
            List.of(
                """
                package lib;
                public interface Handle {
                  @dev.sessioncheck.annotations.TerminalOp void release();
                }
                """),
            (elements, types) -> {
              Contracts contracts = new Contracts(elements, types);
              List<Boolean> out = new ArrayList<>();
              for (String[] typeAndMethod :
                  new String[][] {
                    {"jakarta.servlet.http.HttpSession", "invalidate"},
                    {"java.util.stream.Stream", "count"},
                    {"lib.Handle", "release"}
                  }) {
                TypeElement type = elements.getTypeElement(typeAndMethod[0]);
                ExecutableElement m =
                    ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                        .filter(e -> e.getSimpleName().contentEquals(typeAndMethod[1]))
                        .findFirst()
                        .orElseThrow();
                Contracts.Terminal t = contracts.terminal(m);
                assertNotNull(t, typeAndMethod[0] + "#" + typeAndMethod[1]);
                out.add(t.fromModel);
              }
              return out;
            });
    assertEquals(List.of(true, true, false), fromModel);
  }

  private static String codeSource(Class<?> c) {
    return String.valueOf(c.getProtectionDomain().getCodeSource().getLocation());
  }

  /**
   * Runs {@code f} with the elements and types of a javac task that has analysed {@code sources}
   * (the test class path is the task's class path, so the real servlet APIs are visible).
   */
  static <T> T withElements(List<String> sources, BiFunction<Elements, Types, T> f) {
    List<JavaFileObject> units = new ArrayList<>();
    for (String src : sources) {
      java.util.regex.Matcher name = java.util.regex.Pattern.compile("(?:class|interface)\\s+(\\w+)").matcher(src);
      java.util.regex.Matcher pkg = java.util.regex.Pattern.compile("^\\s*package\\s+([\\w.]+);").matcher(src);
      String path = (pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "") + (name.find() ? name.group(1) : "Unit") + ".java";
      units.add(
          new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
              return src;
            }
          });
    }
    JavacTask task =
        (JavacTask)
            ToolProvider.getSystemJavaCompiler()
                .getTask(null, null, null,
                    List.of("-proc:none", "-classpath", System.getProperty("java.class.path")), null, units);
    try {
      task.analyze();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return f.apply(task.getElements(), task.getTypes());
  }
}

package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/**
 * Built-in models of APIs nobody can annotate (DESIGN.md, "Library models"): the servlet
 * {@code HttpSession#invalidate()} in both namespaces, and {@code java.util.stream.BaseStream},
 * whose operations consume their receiver. The servlet API is not on the test class path, so a
 * stub of the interface is compiled alongside; the model applies by qualified name.
 */
class LibraryModelsTest {

  private static String httpSession(String pkg) {
    return """
        package %s;
        public interface HttpSession {
          void invalidate();
          Object getAttribute(String name);
          void setAttribute(String name, Object value);
          String getId();
          int getMaxInactiveInterval();
          void setMaxInactiveInterval(int seconds);
          long getCreationTime();
          boolean isNew();
        }
        """.formatted(pkg);
  }

  @Test
  void jakartaInvalidateIsTerminal() {
    CheckerHarness.sources(
            httpSession("jakarta.servlet.http"),
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
            httpSession("javax.servlet.http"),
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
            httpSession("jakarta.servlet.http"),
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
}

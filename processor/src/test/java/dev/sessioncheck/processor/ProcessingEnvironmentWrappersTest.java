package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Build tools hand processors a wrapped {@link ProcessingEnvironment}: Gradle's incremental
 * processing wraps it in a class holding it in a field named {@code delegate}; IntelliJ's build
 * wraps it in a {@link Proxy} whose handler captured it as {@code delegateTo}. The checker must
 * unwrap both (DESIGN.md) and, when it cannot, stay out of the way.
 */
class ProcessingEnvironmentWrappersTest {

  private static final String SOURCE =
      """
      import api.*;
      class Logout {
        void run(Session s, Callback cb) {
          s.destroy(cb);
          s.get("user"); // expect: use-after-terminal
        }
      }
      """;

  @Test
  void gradleStyleDelegateField() {
    CheckerHarness.sources(SOURCE)
        .processor(() -> new Wrapping(IncrementalProcessingEnvironment::new))
        .expectFromMarkers();
  }

  @Test
  void intellijStyleProxy() {
    CheckerHarness.sources(SOURCE)
        .processor(() -> new Wrapping(ProcessingEnvironmentWrappersTest::intellijProxy))
        .expectFromMarkers();
  }

  @Test
  void anUnknownWrapperNeverBreaksTheBuild() {
    Result r =
        CheckerHarness.sources(SOURCE)
            .processor(() -> new Wrapping(ProcessingEnvironmentWrappersTest::opaqueProxy))
            .compile();
    r.assertCompiledOtherwiseCleanly();
    assertTrue(
        r.sessioncheck().isEmpty()
            || r.sessioncheck().stream().allMatch(d -> d.ruleId().equals("use-after-terminal")),
        r.toString());
    long errorsOrWarnings =
        r.diagnostics().stream()
            .filter(d -> d.kind() != Diagnostic.Kind.NOTE)
            .filter(d -> !"use-after-terminal".equals(d.ruleId()))
            .count();
    assertEquals(0, errorsOrWarnings, r.toString());
    long notes =
        r.diagnostics().stream()
            .filter(d -> d.kind() == Diagnostic.Kind.NOTE)
            .filter(d -> d.ruleId() == null && d.message().toLowerCase(Locale.ROOT).contains("sessioncheck"))
            .count();
    assertTrue(notes <= 1, "at most one note: " + r);
  }

  /**
   * Outside javac (Eclipse's compiler, or any environment that neither is javac's nor wraps it),
   * the Tree API is out of reach: exactly one NOTE says so, nothing else is printed, and neither
   * init nor process throws.
   */
  @Test
  void outsideJavacOneNoteAndNothingElse() {
    ForeignEnvironment env = new ForeignEnvironment();
    SessionCheckProcessor processor = new SessionCheckProcessor();
    processor.init(env);
    assertEquals(false, processor.process(Set.of(), null));
    assertEquals(false, processor.process(Set.of(), null));
    assertEquals(1, env.messages.size(), env.messages.toString());
    assertEquals(Diagnostic.Kind.NOTE, env.kinds.get(0), env.messages.toString());
    assertEquals(
        "sessioncheck needs javac's Tree API; " + ForeignEnvironment.class.getName()
            + " does not provide it, so this code is not checked",
        env.messages.get(0));
  }

  /** A processing environment of some other compiler: it has a Messager and nothing of javac. */
  static final class ForeignEnvironment implements ProcessingEnvironment {
    final List<Diagnostic.Kind> kinds = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    private final Messager messager =
        new Messager() {
          @Override
          public void printMessage(Diagnostic.Kind kind, CharSequence msg) {
            kinds.add(kind);
            messages.add(msg.toString());
          }

          @Override
          public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e) {
            printMessage(kind, msg);
          }

          @Override
          public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e, AnnotationMirror a) {
            printMessage(kind, msg);
          }

          @Override
          public void printMessage(
              Diagnostic.Kind kind, CharSequence msg, Element e, AnnotationMirror a, AnnotationValue v) {
            printMessage(kind, msg);
          }
        };

    @Override public Map<String, String> getOptions() { return Map.of(); }
    @Override public Messager getMessager() { return messager; }
    @Override public Filer getFiler() { throw new UnsupportedOperationException("no Filer here"); }
    @Override public Elements getElementUtils() { throw new UnsupportedOperationException("no Elements here"); }
    @Override public Types getTypeUtils() { throw new UnsupportedOperationException("no Types here"); }
    @Override public SourceVersion getSourceVersion() { return SourceVersion.RELEASE_17; }
    @Override public Locale getLocale() { return Locale.ROOT; }
  }

  /** Like IntelliJ's: an anonymous handler that captured the real environment. */
  static ProcessingEnvironment intellijProxy(ProcessingEnvironment delegateTo) {
    return (ProcessingEnvironment)
        Proxy.newProxyInstance(
            ProcessingEnvironmentWrappersTest.class.getClassLoader(),
            new Class<?>[] {ProcessingEnvironment.class},
            new InvocationHandler() {
              @Override
              public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                return method.invoke(delegateTo, args);
              }
            });
  }

  /** A wrapper nobody knows how to open: the real environment is hidden behind a lambda. */
  static ProcessingEnvironment opaqueProxy(ProcessingEnvironment env) {
    java.util.function.Supplier<ProcessingEnvironment> hidden = () -> env;
    return (ProcessingEnvironment)
        Proxy.newProxyInstance(
            ProcessingEnvironmentWrappersTest.class.getClassLoader(),
            new Class<?>[] {ProcessingEnvironment.class},
            (proxy, method, args) -> method.invoke(hidden.get(), args));
  }

  /** Like Gradle's {@code IncrementalProcessingEnvironment}. */
  static final class IncrementalProcessingEnvironment implements ProcessingEnvironment {
    private final ProcessingEnvironment delegate;

    IncrementalProcessingEnvironment(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override public Map<String, String> getOptions() { return delegate.getOptions(); }
    @Override public Messager getMessager() { return delegate.getMessager(); }
    @Override public Filer getFiler() { return delegate.getFiler(); }
    @Override public Elements getElementUtils() { return delegate.getElementUtils(); }
    @Override public Types getTypeUtils() { return delegate.getTypeUtils(); }
    @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
    @Override public Locale getLocale() { return delegate.getLocale(); }
  }

  /** Runs sessioncheck with the environment javac gives it wrapped by {@code wrap}. */
  static final class Wrapping implements Processor {
    private final Processor inner = new SessionCheckProcessor();
    private final UnaryOperator<ProcessingEnvironment> wrap;

    Wrapping(UnaryOperator<ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override public Set<String> getSupportedOptions() { return inner.getSupportedOptions(); }
    @Override public Set<String> getSupportedAnnotationTypes() { return inner.getSupportedAnnotationTypes(); }
    @Override public SourceVersion getSupportedSourceVersion() { return inner.getSupportedSourceVersion(); }
    @Override public void init(ProcessingEnvironment env) { inner.init(wrap.apply(env)); }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return inner.process(annotations, round);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
        Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
      return inner.getCompletions(element, annotation, member, userText);
    }
  }
}

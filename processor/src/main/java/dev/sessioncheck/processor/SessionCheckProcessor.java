package dev.sessioncheck.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.JavacTask;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.Options;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The annotation-processor door. It claims nothing and generates nothing: {@link #init} hooks an
 * {@link Analyzer} onto javac's ANALYZE events, which arrive once per top-level class with fully
 * attributed trees. The same analysis is reachable through {@link SessionCheckPlugin}.
 */
@AutoService(Processor.class)
public final class SessionCheckProcessor extends AbstractProcessor {

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(Options.WARN, Options.DISABLE, Options.MODELS, Options.NOTES, Options.SARIF);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    JavacTask task = task(env, 0);
    if (task == null) {
      env.getMessager().printMessage(Diagnostic.Kind.NOTE, Messages.noTreeApi(env.getClass().getName()));
      return;
    }
    Analyzer.listenTo(task, Options.parse(env.getOptions()));
  }

  /**
   * javac's task behind {@code env}, looking through the wrappers build tools put around it:
   * Gradle's incremental processing holds the real environment in a field ({@code delegate}),
   * IntelliJ's build in the invocation handler of a {@link Proxy}. Null when there is none.
   */
  static JavacTask task(ProcessingEnvironment env, int depth) {
    try {
      return JavacTask.instance(env);
    } catch (IllegalArgumentException | LinkageError e) {
      // not javac's own environment: try to unwrap it below
    }
    if (depth > 4) {
      return null;
    }
    Object holder = Proxy.isProxyClass(env.getClass()) ? Proxy.getInvocationHandler(env) : env;
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())
            || !(ProcessingEnvironment.class.isAssignableFrom(f.getType()) || f.getType() == Object.class)) {
          continue;
        }
        try {
          f.setAccessible(true);
          Object inner = f.get(holder);
          if (inner instanceof ProcessingEnvironment && inner != env) {
            JavacTask t = task((ProcessingEnvironment) inner, depth + 1);
            if (t != null) {
              return t;
            }
          }
        } catch (RuntimeException | IllegalAccessException e) {
          // a field we may not read: try the next one
        }
      }
    }
    return null;
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return false;
  }
}

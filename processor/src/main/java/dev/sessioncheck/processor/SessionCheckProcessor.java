package dev.sessioncheck.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.JavacTask;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.Options;
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
    JavacTask task;
    try {
      task = JavacTask.instance(env);
    } catch (IllegalArgumentException | LinkageError e) {
      env.getMessager().printMessage(Diagnostic.Kind.NOTE, Messages.noTreeApi(env.getClass().getName()));
      return;
    }
    Analyzer.listenTo(task, Options.parse(env.getOptions()));
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return false;
  }
}

package dev.sessioncheck.benchmarks.checker;

import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * The baseline for "what the processor adds to a build that already runs processors": it claims
 * {@code *} like the sessioncheck processor, so javac runs the same processing rounds (and
 * re-enters every class afterwards), and then does nothing. Not registered as a service: the
 * benchmark names it with {@code -processor}.
 */
public final class NoOpProcessor extends AbstractProcessor {
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return false;
  }
}

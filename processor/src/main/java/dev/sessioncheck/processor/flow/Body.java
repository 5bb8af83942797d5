package dev.sessioncheck.processor.flow;

import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/** A body the engine analyses: a method, constructor, initializer, field initializer or lambda. */
public final class Body {
  public enum Kind {
    METHOD,
    LAMBDA,
    INITIALIZER,
    FIELD_INIT
  }

  public final Kind kind;
  /** The MethodTree, LambdaExpressionTree, BlockTree or VariableTree. */
  public final TreePath path;
  /** The method for METHOD bodies, else null. */
  public final ExecutableElement method;
  public final List<VariableElement> params;
  /** True for lambdas and members of local and anonymous classes, analysed with captured state. */
  public final boolean nested;

  Body(Kind kind, TreePath path, ExecutableElement method, List<VariableElement> params, boolean nested) {
    this.kind = kind;
    this.path = path;
    this.method = method;
    this.params = params;
    this.nested = nested;
  }
}

package dev.sessioncheck.processor.rules;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.sessioncheck.processor.model.Contracts;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.RuleId;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeMirror;

/**
 * {@code null-callback}: the literal {@code null} (also parenthesised or cast) passed where the
 * declared parameter type is a callback interface with an error parameter. A null callback is how
 * express-session code loses store errors: nobody is there to hear them.
 */
public final class NullCallback {
  private NullCallback() {}

  static void check(Context ctx, TreePath body) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree tree, Void v) {
        arguments(ctx, getCurrentPath(), tree.getArguments());
        return super.visitMethodInvocation(tree, v);
      }

      @Override
      public Void visitNewClass(NewClassTree tree, Void v) {
        arguments(ctx, getCurrentPath(), tree.getArguments());
        return super.visitNewClass(tree, v);
      }
    }.scan(body, null);
  }

  private static void arguments(Context ctx, TreePath call, List<? extends ExpressionTree> args) {
    Element e = ctx.trees.getElement(call);
    if (!(e instanceof ExecutableElement)) {
      return;
    }
    ExecutableElement m = (ExecutableElement) e;
    List<? extends VariableElement> params = m.getParameters();
    for (int i = 0; i < args.size() && !params.isEmpty(); i++) {
      Tree arg = args.get(i);
      while (arg instanceof ParenthesizedTree || arg instanceof TypeCastTree) {
        arg = arg instanceof ParenthesizedTree ? ((ParenthesizedTree) arg).getExpression() : ((TypeCastTree) arg).getExpression();
      }
      if (arg.getKind() != Tree.Kind.NULL_LITERAL) {
        continue;
      }
      TypeMirror declared;
      if (i < params.size() - 1 || !m.isVarArgs()) {
        if (i >= params.size()) {
          continue;
        }
        declared = params.get(i).asType();
      } else {
        TypeMirror last = params.get(params.size() - 1).asType();
        declared = args.size() == params.size() ? null : last instanceof ArrayType ? ((ArrayType) last).getComponentType() : null;
      }
      Contracts.Callback cb = ctx.contracts.callback(declared);
      if (cb != null) {
        ctx.reporter.report(RuleId.NULL_CALLBACK, arg, ctx.unit,
            Messages.nullCallback(cb.iface.getSimpleName().toString(), ctx.callTextDots(call.getLeaf())));
      }
    }
  }
}

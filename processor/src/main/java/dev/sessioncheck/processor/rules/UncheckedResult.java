package dev.sessioncheck.processor.rules;

import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.RuleId;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/** {@code unchecked-result}: a {@code @MustCheck} result that is never inspected. */
public final class UncheckedResult {
  private UncheckedResult() {}

  static void checkDiscarded(Context ctx, TreePath body) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitExpressionStatement(ExpressionStatementTree tree, Void v) {
        if (tree.getExpression() instanceof MethodInvocationTree) {
          TreePath call = new TreePath(getCurrentPath(), tree.getExpression());
          Element e = ctx.trees.getElement(call);
          if (e instanceof ExecutableElement && ctx.contracts.isMustCheck((ExecutableElement) e)) {
            ctx.reporter.report(RuleId.UNCHECKED_RESULT, call, Messages.resultDiscarded(ctx.callText(call.getLeaf())));
          }
        }
        return super.visitExpressionStatement(tree, v);
      }
    }.scan(body, null);
  }
}

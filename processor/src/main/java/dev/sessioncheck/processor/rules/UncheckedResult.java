package dev.sessioncheck.processor.rules;

import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePathScanner;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import com.sun.source.util.TreePath;
import java.util.Set;
import dev.sessioncheck.processor.flow.Flow;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.RuleId;

/**
 * {@code unchecked-result}: a {@code @MustCheck} result discarded (expression statement, a void
 * lambda's expression body, {@code var _ = ...}) or stored and then lost on some normal path before
 * any inspection; for a modelled result with {@code checkedBy} methods, discarded and then not
 * followed by such a check on the receiver before the receiver is lost on a normal path. The flow
 * part is {@link Obligations}; this class words and places the reports, always at the producing
 * call.
 */
public final class UncheckedResult {
  private UncheckedResult() {}

  /**
   * A method reference to a {@code @MustCheck} method where the functional interface returns void
   * ({@code Runnable r = s::save}): every call through it discards the result.
   */
  static void checkMethodReferences(Context ctx, TreePath body) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMemberReference(MemberReferenceTree tree, Void v) {
        Element target = ctx.trees.getElement(getCurrentPath());
        TypeMirror type = ctx.trees.getTypeMirror(getCurrentPath());
        if (target instanceof ExecutableElement
            && ctx.contracts.isMustCheck((ExecutableElement) target)
            && type instanceof DeclaredType
            && ((DeclaredType) type).asElement() instanceof TypeElement) {
          ExecutableElement fm = ctx.contracts.functionalMethod((TypeElement) ((DeclaredType) type).asElement());
          if (fm != null && fm.getReturnType().getKind() == TypeKind.VOID) {
            String call = ctx.text(tree.getQualifierExpression()) + "." + tree.getName() + "()";
            ctx.reporter.report(RuleId.UNCHECKED_RESULT, getCurrentPath(), Messages.resultDiscarded(call));
          }
        }
        return super.visitMemberReference(tree, v);
      }
    }.scan(body, null);
  }

  /** The obligation analysis (results and error parameters) as the body checks run it. */
  static Obligations obligations(Context ctx) {
    return new Obligations(ctx, true, UncheckedError.seeder(ctx));
  }

  static void reportDiscarded(Context ctx, Flow<?> flow, Tree call) {
    ctx.reporter.report(RuleId.UNCHECKED_RESULT, call, flow.unit(), Messages.resultDiscarded(ctx.callText(call)));
  }

  /**
   * A discarded result whose receiver {@code var} was lost on line {@code line} without a call of
   * any of {@code checkedBy} on it.
   */
  static void reportUnverified(Context ctx, Flow<?> flow, Tree call, String var, Set<String> checkedBy, long line) {
    ctx.reporter.report(RuleId.UNCHECKED_RESULT, call, flow.unit(), Messages.resultDiscardedUnverified(ctx.callText(call), var, checkedBy, line));
  }

  static void reportDropped(Context ctx, Flow<?> flow, Tree call, String var, long line) {
    ctx.reporter.report(RuleId.UNCHECKED_RESULT, call, flow.unit(), Messages.resultDropped(ctx.callText(call), var, line));
  }
}

package dev.sessioncheck.processor.rules;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.sessioncheck.processor.flow.Body;
import dev.sessioncheck.processor.flow.Flow;
import dev.sessioncheck.processor.flow.Ref;
import dev.sessioncheck.processor.flow.State;
import dev.sessioncheck.processor.flow.Val;
import dev.sessioncheck.processor.model.Contracts;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.RuleId;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * {@code unchecked-error}: an implementation of a callback (a lambda, an anonymous or named class's
 * method, or a method reference to a method whose source is in the compilation) that does not read
 * its error parameter on every path completing normally. Paths ending in {@code throw} are excused.
 * The flow part is {@link Obligations} with the error parameter seeded as an open obligation.
 */
public final class UncheckedError {
  private UncheckedError() {}

  /** Seeds the error parameters of lambdas and callback-implementing methods as they are entered. */
  static Obligations.Seeder seeder(Context ctx) {
    return (flow, state, body) -> {
      if (body.kind == Body.Kind.LAMBDA) {
        LambdaExpressionTree lt = (LambdaExpressionTree) body.path.getLeaf();
        Contracts.Callback cb = ctx.contracts.callback(ctx.trees.getTypeMirror(body.path));
        if (cb == null) {
          return;
        }
        String what = lambdaWhat(ctx, body.path);
        for (int idx : cb.errorParams) {
          if (idx < body.params.size() && idx < lt.getParameters().size()) {
            seed(state, body.params.get(idx), lt.getParameters().get(idx), lt, flow.unit(), what);
          }
        }
      } else if (body.kind == Body.Kind.METHOD && body.method != null) {
        ExecutableElement m = body.method;
        List<Integer> errs = ctx.contracts.errorParams(m);
        List<ExecutableElement> over = ctx.contracts.overridden(m);
        if (errs.isEmpty() || over.isEmpty()) {
          return;
        }
        MethodTree mt = (MethodTree) body.path.getLeaf();
        String what = typeName(m, over) + "." + m.getSimpleName();
        for (int idx : errs) {
          if (idx < body.params.size() && idx < mt.getParameters().size()) {
            seed(state, body.params.get(idx), mt.getParameters().get(idx), mt, flow.unit(), what);
          }
        }
      }
    };
  }

  private static void seed(State<Set<Obligations.Ob>> state, VariableElement param, Tree paramTree, Tree reportAt, CompilationUnitTree unit, String what) {
    Val v = state.get(Ref.local(param));
    if (v != null) {
      String name = param.getSimpleName().toString();
      state.setFact(v, Obligations.of(new Obligations.ParamOb(paramTree, reportAt, unit, what, name.isEmpty() ? "_" : name)));
    }
  }

  /** The interface name for an anonymous class, the class name otherwise. */
  private static String typeName(ExecutableElement m, List<ExecutableElement> overridden) {
    Element owner = m.getEnclosingElement();
    if (owner instanceof TypeElement && ((TypeElement) owner).getNestingKind() != NestingKind.ANONYMOUS) {
      return owner.getSimpleName().toString();
    }
    return overridden.get(0).getEnclosingElement().getSimpleName().toString();
  }

  private static String lambdaWhat(Context ctx, TreePath lambda) {
    TreePath p = lambda.getParentPath();
    while (p != null && (p.getLeaf() instanceof ParenthesizedTree || p.getLeaf() instanceof TypeCastTree)) {
      p = p.getParentPath();
    }
    if (p != null && (p.getLeaf() instanceof MethodInvocationTree || p.getLeaf() instanceof NewClassTree)) {
      return "the lambda passed to " + ctx.callTextDots(p.getLeaf());
    }
    return "the lambda";
  }

  static void report(Context ctx, Tree at, CompilationUnitTree unit, String what, String param) {
    ctx.reporter.report(RuleId.UNCHECKED_ERROR, at, unit, Messages.uncheckedError(what, param));
  }

  /** Method references: the referenced method's body must read the parameter the error arrives in. */
  static void checkMethodReferences(Context ctx, TreePath body) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMemberReference(MemberReferenceTree tree, Void v) {
        methodReference(ctx, getCurrentPath());
        return super.visitMemberReference(tree, v);
      }
    }.scan(body, null);
  }

  private static void methodReference(Context ctx, TreePath refPath) {
    MemberReferenceTree mr = (MemberReferenceTree) refPath.getLeaf();
    Contracts.Callback cb = ctx.contracts.callback(ctx.trees.getTypeMirror(refPath));
    if (cb == null) {
      return;
    }
    Element e = ctx.trees.getElement(refPath);
    if (!(e instanceof ExecutableElement)) {
      return;
    }
    ExecutableElement target = (ExecutableElement) e;
    int offset = 0;
    if (mr.getMode() == MemberReferenceTree.ReferenceMode.INVOKE
        && target.getKind() == ElementKind.METHOD
        && !target.getModifiers().contains(Modifier.STATIC)) {
      Element q = ctx.trees.getElement(new TreePath(refPath, mr.getQualifierExpression()));
      if (q != null && (q.getKind().isClass() || q.getKind().isInterface())
          && !(mr.getQualifierExpression().toString().endsWith("this") || mr.getQualifierExpression().toString().equals("super"))) {
        offset = -1; // Type::instanceMethod: the first functional parameter is the receiver
      }
    }
    String what = "the method reference " + ctx.text(mr);
    List<Integer> params = new java.util.ArrayList<>();
    for (int idx : cb.errorParams) {
      int j = idx + offset;
      if (j >= 0 && j < target.getParameters().size()) {
        params.add(j);
      }
    }
    if (!params.isEmpty()) {
      ctx.summaries.reference(ctx, refPath, target, what, params);
    }
  }
}

package dev.sessioncheck.processor.rules;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.sessioncheck.processor.flow.Flow;
import dev.sessioncheck.processor.flow.Product;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/** The registry: which rules run on a body, and the cheap test whether a class needs any. */
public final class Rules {
  private Rules() {}

  /** A check run on every body (method, constructor, initializer, field initializer). */
  public interface BodyCheck {
    void check(Context ctx, TreePath body);
  }

  /** The body checks, in order. bad-annotation runs on declarations, see {@link BadAnnotation}. */
  public static final List<BodyCheck> BODY_CHECKS =
      List.of(
          NullCallback::check,
          UncheckedError::checkMethodReferences,
          UncheckedResult::checkMethodReferences,
          Rules::flowRules);

  /**
   * unchecked-result / unchecked-error (obligations) and use-after-terminal in one walk of the
   * body: the walk is most of a flow rule's cost, and both need the same one.
   */
  private static void flowRules(Context ctx, TreePath body) {
    new Flow<>(ctx.trees, ctx.contracts.elements(), ctx.contracts.types(),
        new Product<>(UncheckedResult.obligations(ctx), new UseAfterTerminal(ctx)))
        .run(body);
  }

  private static final class Found extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Found() {
      super(null, null, false, false);
    }
  }

  /**
   * True when the class calls, references or implements something that carries a contract. One
   * pass over the trees, stopping at the first hit; most classes of a code base answer false.
   */
  public static boolean relevant(Context ctx, TreePath classPath) {
    try {
      new TreePathScanner<Void, Void>() {
        private void method(Element e) {
          if (e instanceof ExecutableElement && ctx.contracts.bearsContract((ExecutableElement) e)) {
            throw new Found();
          }
        }

        private void callbackType(TypeMirror t) {
          if (ctx.contracts.callback(t) != null) {
            throw new Found();
          }
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree tree, Void v) {
          method(ctx.trees.getElement(getCurrentPath()));
          return super.visitMethodInvocation(tree, v);
        }

        @Override
        public Void visitNewClass(NewClassTree tree, Void v) {
          method(ctx.trees.getElement(getCurrentPath()));
          if (tree.getClassBody() != null) {
            callbackType(ctx.trees.getTypeMirror(new TreePath(getCurrentPath(), tree.getIdentifier())));
          }
          return super.visitNewClass(tree, v);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree tree, Void v) {
          method(ctx.trees.getElement(getCurrentPath()));
          callbackType(ctx.trees.getTypeMirror(getCurrentPath()));
          return super.visitMemberReference(tree, v);
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree tree, Void v) {
          callbackType(ctx.trees.getTypeMirror(getCurrentPath()));
          return super.visitLambdaExpression(tree, v);
        }

        @Override
        public Void visitClass(ClassTree tree, Void v) {
          Element e = ctx.trees.getElement(getCurrentPath());
          if (e instanceof TypeElement) {
            for (TypeMirror i : ((TypeElement) e).getInterfaces()) {
              callbackType(i);
            }
          }
          return super.visitClass(tree, v);
        }
      }.scan(classPath, null);
      return false;
    } catch (Found f) {
      return true;
    }
  }
}

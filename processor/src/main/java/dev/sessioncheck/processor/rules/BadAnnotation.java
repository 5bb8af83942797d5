package dev.sessioncheck.processor.rules;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.sessioncheck.processor.model.Contracts;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.RuleId;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * {@code bad-annotation}: contracts that cannot hold, checked on the declarations being compiled:
 * {@code @TerminalOp} on a static method or a constructor, {@code @MustCheck} on a void method,
 * {@code allowAfter} naming no method of the type, and {@code @MustCheck} on a parameter of a
 * static method or constructor (which can never implement a callback, so the error-parameter
 * contract would silently never apply).
 */
public final class BadAnnotation {
  private BadAnnotation() {}

  public static void check(Context ctx, TreePath classPath) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethod(MethodTree tree, Void v) {
        Element e = ctx.trees.getElement(getCurrentPath());
        if (e instanceof ExecutableElement) {
          checkMethod(ctx, getCurrentPath(), (ExecutableElement) e);
        }
        return super.visitMethod(tree, v);
      }
    }.scan(classPath, null);
  }

  private static void checkMethod(Context ctx, TreePath path, ExecutableElement m) {
    String name = describe(m);
    AnnotationMirror terminal = Contracts.annotation(m, Contracts.TERMINAL_OP);
    if (terminal != null) {
      if (m.getKind() == ElementKind.CONSTRUCTOR) {
        report(ctx, path, "@TerminalOp on constructor " + name + ": a constructor has no receiver to end");
      } else if (m.getModifiers().contains(Modifier.STATIC)) {
        report(ctx, path, "@TerminalOp on static method " + name + ": a static method has no receiver to end"
            + " (put @TerminalOp on the parameter it ends instead)");
      } else if (m.getEnclosingElement() instanceof TypeElement) {
        checkAllowAfter(ctx, path, terminal, (TypeElement) m.getEnclosingElement(), name);
      }
    }
    if (Contracts.annotation(m, Contracts.MUST_CHECK) != null && m.getReturnType().getKind() == TypeKind.VOID) {
      report(ctx, path, "@MustCheck on void method " + name + ": there is no result to check");
    }
    MethodTree tree = (MethodTree) path.getLeaf();
    for (int i = 0; i < m.getParameters().size() && i < tree.getParameters().size(); i++) {
      VariableElement p = m.getParameters().get(i);
      TreePath pp = new TreePath(path, tree.getParameters().get(i));
      AnnotationMirror pt = Contracts.annotation(p, Contracts.TERMINAL_OP);
      if (pt != null) {
        TypeMirror t = p.asType();
        if (t.getKind() == TypeKind.DECLARED) {
          checkAllowAfter(ctx, pp, pt, (TypeElement) ((DeclaredType) t).asElement(), "parameter '" + p.getSimpleName() + "' of " + name);
        }
      }
      // A record component's annotation also lands on the canonical constructor's parameter.
      boolean recordConstructor = m.getKind() == ElementKind.CONSTRUCTOR
          && m.getEnclosingElement().getKind().name().equals("RECORD");
      if (Contracts.annotation(p, Contracts.MUST_CHECK) != null
          && !recordConstructor
          && (m.getKind() == ElementKind.CONSTRUCTOR || m.getModifiers().contains(Modifier.STATIC))) {
        report(ctx, pp, "@MustCheck on parameter '" + p.getSimpleName() + "' of "
            + (m.getKind() == ElementKind.CONSTRUCTOR ? "constructor " : "static method ") + name
            + ": only a parameter of a callback interface's method is an error parameter");
      }
    }
  }

  private static void checkAllowAfter(Context ctx, TreePath path, AnnotationMirror terminal, TypeElement type, String what) {
    for (String allowed : Contracts.allowAfter(terminal)) {
      boolean found = false;
      for (ExecutableElement cand : ElementFilter.methodsIn(ctx.contracts.elements().getAllMembers(type))) {
        if (cand.getSimpleName().contentEquals(allowed)) {
          found = true;
          break;
        }
      }
      if (!found) {
        report(ctx, path, "@TerminalOp(allowAfter) on " + what + " names '" + allowed
            + "', which is not a method of " + type.getSimpleName());
      }
    }
  }

  private static String describe(ExecutableElement m) {
    String owner = m.getEnclosingElement().getSimpleName().toString();
    return "'" + owner + (m.getKind() == ElementKind.CONSTRUCTOR ? "" : "." + m.getSimpleName()) + "'";
  }

  private static void report(Context ctx, TreePath path, String text) {
    ctx.reporter.report(RuleId.BAD_ANNOTATION, path, Messages.badAnnotation(text));
  }
}

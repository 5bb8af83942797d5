package dev.sessioncheck.processor.rules;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import dev.sessioncheck.processor.model.Contracts;
import dev.sessioncheck.processor.report.Reporter;
import java.io.IOException;

/** What every rule needs for one compilation unit: the compiler's trees, contracts, the reporter. */
public final class Context {
  public final Trees trees;
  public final Contracts contracts;
  public final Reporter reporter;
  public final CompilationUnitTree unit;
  public final MethodSummaries summaries;
  private CharSequence source;

  public Context(Trees trees, Contracts contracts, Reporter reporter, CompilationUnitTree unit) {
    this(trees, contracts, reporter, unit, new MethodSummaries());
  }

  public Context(Trees trees, Contracts contracts, Reporter reporter, CompilationUnitTree unit, MethodSummaries summaries) {
    this.summaries = summaries;
    this.trees = trees;
    this.contracts = contracts;
    this.reporter = reporter;
    this.unit = unit;
  }

  public SourcePositions positions() {
    return trees.getSourcePositions();
  }

  /** 1-based line of the start of {@code tree}. */
  public long line(Tree tree) {
    return unit.getLineMap().getLineNumber(positions().getStartPosition(unit, tree));
  }

  /** 1-based line of the last character of {@code tree} (the closing brace of a block). */
  public long endLine(Tree tree) {
    long end = positions().getEndPosition(unit, tree);
    if (end <= 0) {
      return line(tree);
    }
    return unit.getLineMap().getLineNumber(end - 1);
  }

  /** The source text of {@code tree} as written, or its pretty-printed form. */
  public String text(Tree tree) {
    try {
      if (source == null) {
        source = unit.getSourceFile().getCharContent(true);
      }
      long start = positions().getStartPosition(unit, tree);
      long end = positions().getEndPosition(unit, tree);
      if (start >= 0 && end > start && end <= source.length()) {
        return source.subSequence((int) start, (int) end).toString();
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the pretty printer
    }
    return tree.toString();
  }

  /** {@code recv.m()} for a call as written, arguments elided; {@code m()} when unqualified. */
  public String callText(Tree call) {
    if (call instanceof MethodInvocationTree) {
      ExpressionTree sel = ((MethodInvocationTree) call).getMethodSelect();
      if (sel instanceof MemberSelectTree) {
        MemberSelectTree ms = (MemberSelectTree) sel;
        return text(ms.getExpression()) + "." + ms.getIdentifier() + "()";
      }
      if (sel instanceof IdentifierTree) {
        return ((IdentifierTree) sel).getName() + "()";
      }
    }
    if (call instanceof NewClassTree) {
      return "new " + text(((NewClassTree) call).getIdentifier()) + "()";
    }
    return text(call);
  }

  /** Like {@link #callText} with {@code (...)} instead of {@code ()}. */
  public String callTextDots(Tree call) {
    String t = callText(call);
    return t.endsWith("()") ? t.substring(0, t.length() - 2) + "(...)" : t;
  }
}

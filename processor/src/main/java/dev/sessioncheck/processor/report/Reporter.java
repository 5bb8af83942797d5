package dev.sessioncheck.processor.report;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic;

/**
 * The only printer. Applies the options (warn, disable, notes), drops a second diagnostic for the
 * same (rule, position) and honours {@code @SuppressWarnings("sessioncheck")} /
 * {@code @SuppressWarnings("sessioncheck:<id>")} on any enclosing declaration.
 *
 * <p>A finding may carry {@link Note}s: secondary locations (the call that ended the value, for
 * {@code use-after-terminal}) printed as NOTE diagnostics right after it. A note lives and dies
 * with its finding: a disabled, suppressed or duplicate finding drops its notes too.
 *
 * <p>With {@code -Asessioncheck.sarif=<path>} every printed finding is also recorded in a {@link
 * Sarif} log, in the order it was printed, and so is every suppressed one (marked as suppressed,
 * still not printed): a code-scanning dashboard shows what was silenced, not only what was not.
 */
public final class Reporter {
  private final Trees trees;
  private final Options options;
  private final Map<CompilationUnitTree, Set<String>> seen = new IdentityHashMap<>();
  private final List<Pending> pending = new ArrayList<>();
  private int count;
  /** Null unless a SARIF log was asked for: without one, suppressed findings are not kept. */
  private final Sarif sarif;

  public Reporter(Trees trees, Options options) {
    this(trees, options, "annotation processor");
  }

  /** {@code entryPoint} names the door in the SARIF log's invocation. */
  public Reporter(Trees trees, Options options, String entryPoint) {
    this.trees = trees;
    this.options = options;
    this.sarif = options.sarifFile() == null ? null : new Sarif(options, entryPoint);
  }

  /** The SARIF log being collected, or null when none was asked for. */
  public Sarif sarif() {
    return sarif;
  }

  public Options options() {
    return options;
  }

  /** How many diagnostics were printed so far (reported ones print at {@link #flush()}). */
  public int count() {
    return count;
  }

  /** A secondary location of a finding: printed as a NOTE at {@code tree}, after the finding. */
  public static final class Note {
    final Tree tree;
    final String message;

    public Note(Tree tree, String message) {
      this.tree = tree;
      this.message = message;
    }
  }

  public void report(RuleId rule, Tree tree, CompilationUnitTree unit, String message) {
    report(rule, tree, unit, message, List.of());
  }

  /** Reports at {@code tree} with {@code notes} printed right after it (unless notes are off). */
  public void report(RuleId rule, Tree tree, CompilationUnitTree unit, String message, List<Note> notes) {
    if (!options.enabled(rule)) {
      return;
    }
    TreePath path = trees.getPath(unit, tree);
    report(rule, path == null ? null : path, tree, unit, message, notes);
  }

  /**
   * Reports at {@code tree} without looking up suppression (the caller did, while the tree's path
   * was still valid: javac may since have lowered the trees around it).
   */
  public void reportPrechecked(RuleId rule, Tree tree, CompilationUnitTree unit, String message) {
    reportPrechecked(rule, tree, unit, message, false);
  }

  /**
   * As {@link #reportPrechecked(RuleId, Tree, CompilationUnitTree, String)}, for a finding whose
   * caller found it {@code suppressed}: not printed, but kept for the SARIF log.
   */
  public void reportPrechecked(RuleId rule, Tree tree, CompilationUnitTree unit, String message, boolean suppressed) {
    if (options.enabled(rule) && (!suppressed || sarif != null)) {
      report(rule, null, tree, unit, message, List.of(), suppressed);
    }
  }

  public void report(RuleId rule, TreePath path, String message) {
    if (!options.enabled(rule)) {
      return;
    }
    report(rule, path, path.getLeaf(), path.getCompilationUnit(), message, List.of());
  }

  private void report(RuleId rule, TreePath path, Tree tree, CompilationUnitTree unit, String message, List<Note> notes) {
    report(rule, path, tree, unit, message, notes, false);
  }

  private void report(RuleId rule, TreePath path, Tree tree, CompilationUnitTree unit, String message, List<Note> notes, boolean suppressedByCaller) {
    SourcePositions pos = trees.getSourcePositions();
    String key = rule + ":" + pos.getStartPosition(unit, tree);
    if (!seen.computeIfAbsent(unit, u -> new HashSet<>()).add(key)) {
      return;
    }
    boolean suppressed = suppressedByCaller || (path != null && suppressed(rule, path));
    if (suppressed && sarif == null) {
      return;
    }
    Diagnostic.Kind kind =
        rule == RuleId.INTERNAL_ERROR || options.warn() ? Diagnostic.Kind.WARNING : Diagnostic.Kind.ERROR;
    List<Note> kept = new ArrayList<>();
    if (options.notes()) {
      Set<String> noteKeys = new HashSet<>();
      for (Note n : notes) {
        if (noteKeys.add(pos.getStartPosition(unit, n.tree) + ":" + n.message)) {
          kept.add(n);
        }
      }
    }
    pending.add(new Pending(rule, kind, message, tree, unit, pos.getStartPosition(unit, tree), pending.size(), kept, suppressed));
  }

  /**
   * Prints what was reported since the last flush in source order, each finding followed by its
   * notes. Rules run one after another, so without this a file's errors would come out grouped by
   * rule rather than by line; the notes are not sorted, so each stays next to its finding.
   */
  public void flush() {
    List<CompilationUnitTree> units = new ArrayList<>();
    for (Pending p : pending) {
      if (units.stream().noneMatch(u -> u == p.unit)) {
        units.add(p.unit);
      }
    }
    List<Pending> ordered = new ArrayList<>(pending);
    pending.clear();
    ordered.sort(Comparator.<Pending>comparingInt(p -> indexOf(units, p.unit))
        .thenComparingLong(p -> p.start)
        .thenComparingInt(p -> p.order));
    for (Pending p : ordered) {
      if (p.suppressed) {
        record(p, p.notes);
        continue;
      }
      try {
        trees.printMessage(p.kind, p.message, p.tree, p.unit);
        count++;
      } catch (RuntimeException e) {
        // A diagnostic that javac cannot place must not take the build down with it.
        continue;
      }
      List<Note> printed = new ArrayList<>();
      for (Note n : p.notes) {
        try {
          trees.printMessage(Diagnostic.Kind.NOTE, n.message, n.tree, p.unit);
          printed.add(n);
        } catch (RuntimeException e) {
          // The finding is out; a note javac cannot place is simply left out.
        }
      }
      record(p, printed);
    }
  }

  /** Adds {@code p} to the SARIF log, if there is one; never throws. */
  private void record(Pending p, List<Note> notes) {
    if (sarif == null) {
      return;
    }
    try {
      SourcePositions pos = trees.getSourcePositions();
      List<Sarif.Related> related = new ArrayList<>();
      for (Note n : notes) {
        related.add(new Sarif.Related(Sarif.locate(p.unit, n.tree, pos), n.message));
      }
      sarif.add(p.rule, p.kind, p.message, Sarif.locate(p.unit, p.tree, pos), related, p.suppressed);
    } catch (RuntimeException e) {
      // The diagnostic is printed; the report only misses this one entry.
    }
  }

  private static int indexOf(List<CompilationUnitTree> units, CompilationUnitTree unit) {
    for (int i = 0; i < units.size(); i++) {
      if (units.get(i) == unit) {
        return i;
      }
    }
    return units.size();
  }

  private static final class Pending {
    final RuleId rule;
    final boolean suppressed;
    final Diagnostic.Kind kind;
    final String message;
    final Tree tree;
    final CompilationUnitTree unit;
    final long start;
    final int order;
    final List<Note> notes;

    Pending(RuleId rule, Diagnostic.Kind kind, String message, Tree tree, CompilationUnitTree unit, long start, int order, List<Note> notes, boolean suppressed) {
      this.rule = rule;
      this.suppressed = suppressed;
      this.notes = notes;
      this.kind = kind;
      this.message = message;
      this.tree = tree;
      this.unit = unit;
      this.start = start;
      this.order = order;
    }
  }

  /** True when a declaration enclosing {@code path} suppresses {@code rule}. */
  public boolean suppressed(RuleId rule, TreePath path) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      ModifiersTree mods = null;
      Tree leaf = p.getLeaf();
      if (leaf instanceof ClassTree) {
        mods = ((ClassTree) leaf).getModifiers();
      } else if (leaf instanceof MethodTree) {
        mods = ((MethodTree) leaf).getModifiers();
      } else if (leaf instanceof VariableTree) {
        mods = ((VariableTree) leaf).getModifiers();
      }
      if (mods != null && !mods.getAnnotations().isEmpty() && suppresses(p, mods, rule)) {
        return true;
      }
    }
    return false;
  }

  private boolean suppresses(TreePath declaration, ModifiersTree mods, RuleId rule) {
    for (AnnotationTree a : mods.getAnnotations()) {
      String type = a.getAnnotationType().toString();
      if (!type.equals("SuppressWarnings") && !type.equals("java.lang.SuppressWarnings")) {
        continue;
      }
      TreePath ap = new TreePath(new TreePath(declaration, mods), a);
      for (ExpressionTree arg : a.getArguments()) {
        ExpressionTree value = arg instanceof AssignmentTree ? ((AssignmentTree) arg).getExpression() : arg;
        for (String s : strings(new TreePath(ap, arg), value)) {
          if (s.equals("sessioncheck") || s.equals("sessioncheck:" + rule.id())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The strings of an annotation value: literals, arrays of them, constants and concatenations. */
  private List<String> strings(TreePath parent, ExpressionTree value) {
    List<String> out = new ArrayList<>();
    if (value instanceof NewArrayTree) {
      if (((NewArrayTree) value).getInitializers() != null) {
        for (ExpressionTree e : ((NewArrayTree) value).getInitializers()) {
          out.addAll(strings(new TreePath(parent, value), e));
        }
      }
      return out;
    }
    Object c = constant(new TreePath(parent, value));
    if (c instanceof String) {
      out.add((String) c);
    }
    return out;
  }

  private Object constant(TreePath p) {
    Tree t = p.getLeaf();
    if (t instanceof LiteralTree) {
      return ((LiteralTree) t).getValue();
    }
    if (t instanceof ParenthesizedTree) {
      return constant(new TreePath(p, ((ParenthesizedTree) t).getExpression()));
    }
    if (t instanceof BinaryTree && t.getKind() == Tree.Kind.PLUS) {
      Object l = constant(new TreePath(p, ((BinaryTree) t).getLeftOperand()));
      Object r = constant(new TreePath(p, ((BinaryTree) t).getRightOperand()));
      return l == null || r == null ? null : String.valueOf(l) + r;
    }
    if (t instanceof IdentifierTree || t instanceof MemberSelectTree) {
      Element e = trees.getElement(p);
      if (e instanceof VariableElement) {
        return ((VariableElement) e).getConstantValue();
      }
    }
    return null;
  }
}

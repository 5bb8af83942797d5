package dev.sessioncheck.processor.rules;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import dev.sessioncheck.processor.flow.Body;
import dev.sessioncheck.processor.flow.Flow;
import dev.sessioncheck.processor.flow.Ref;
import dev.sessioncheck.processor.flow.Val;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.RuleId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Which parameters of a method are left unread on some normal path, computed when the method's
 * class is analysed. A method reference checks its target through this summary, because by the
 * time another class refers to it, javac may already have lowered the target's trees (its class
 * came earlier) or not attributed them yet (it comes later). Only methods whose name appears after
 * a {@code ::} somewhere in the compilation are summarised; references to a class not analysed yet
 * wait for it.
 */
public final class MethodSummaries {
  /** A method reference waiting for its target's class. */
  private static final class Pending {
    final Context ctx;
    final Tree at;
    final CompilationUnitTree unit;
    final String what;
    final List<int[]> params; // {index in the target method}
    final boolean suppressed;

    Pending(Context ctx, Tree at, CompilationUnitTree unit, String what, List<int[]> params, boolean suppressed) {
      this.ctx = ctx;
      this.at = at;
      this.unit = unit;
      this.what = what;
      this.params = params;
      this.suppressed = suppressed;
    }
  }

  private final Set<CompilationUnitTree> units = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Units not scanned for {@code ::} names yet (a queue: walking every unit per class is quadratic). */
  private final ArrayDeque<CompilationUnitTree> unscanned = new ArrayDeque<>();
  private final Set<String> referencedNames = new HashSet<>();
  private final Set<TypeElement> analysed = new HashSet<>();
  private final Map<ExecutableElement, Set<Integer>> unread = new HashMap<>();
  private final Map<ExecutableElement, List<String>> paramNames = new HashMap<>();
  private final Map<ExecutableElement, List<Pending>> pending = new HashMap<>();
  private final ParamUses paramUses = new ParamUses();

  /** What methods compiled here do with their parameters (shared by every class of the compilation). */
  ParamUses paramUses() {
    return paramUses;
  }

  /** A compilation unit of this compilation (from javac's PARSE / ENTER events). */
  public void unit(CompilationUnitTree unit) {
    if (unit != null && units.add(unit)) {
      unscanned.add(unit);
    }
  }

  private void scanNames() {
    for (CompilationUnitTree u; (u = unscanned.poll()) != null; ) {
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitMemberReference(MemberReferenceTree node, Void v) {
          referencedNames.add(node.getName().toString());
          return super.visitMemberReference(node, v);
        }
      }.scan(u, null);
    }
  }

  /**
   * Summarises the methods of top-level class {@code classPath} that some {@code ::} may name, then
   * settles the references that were waiting for them. Runs before the class's own rules.
   */
  public void classReady(Context ctx, TreePath classPath, TypeElement type) {
    scanNames();
    analysed.add(type);
    paramUses.classReady(ctx.trees, ctx.contracts.elements(), ctx.contracts, classPath);
    if (referencedNames.isEmpty()) {
      return;
    }
    List<TreePath> methods = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethod(MethodTree node, Void v) {
        if (node.getBody() != null && !node.getParameters().isEmpty()
            && (referencedNames.contains(node.getName().toString())
                || (node.getName().contentEquals("<init>") && referencedNames.contains("new")))) {
          methods.add(getCurrentPath());
        }
        return super.visitMethod(node, v);
      }
    }.scan(classPath, null);
    for (TreePath mp : methods) {
      Element e = ctx.trees.getElement(mp);
      if (e instanceof ExecutableElement) {
        summarise(ctx, mp, (ExecutableElement) e);
      }
    }
  }

  private void summarise(Context ctx, TreePath methodPath, ExecutableElement m) {
    Set<Integer> left = new LinkedHashSet<>();
    MethodTree mt = (MethodTree) methodPath.getLeaf();
    List<String> names = new ArrayList<>();
    Obligations.Seeder seeder = (flow, state, b) -> {
      if (b.kind != Body.Kind.METHOD || b.path.getLeaf() != mt) {
        return;
      }
      for (int i = 0; i < b.params.size() && i < mt.getParameters().size(); i++) {
        VariableElement p = b.params.get(i);
        Val v = state.get(Ref.local(p));
        String n = p.getSimpleName().toString();
        names.add(n.isEmpty() ? "_" : n);
        if (v != null) {
          state.setFact(v, Obligations.of(new Obligations.ParamOb(mt.getParameters().get(i), mt, flow.unit(), "", names.get(i))));
        }
      }
    };
    Obligations.Sink sink = ob -> left.add(mt.getParameters().indexOf(ob.tree));
    try {
      new Flow<>(ctx.trees, ctx.contracts.elements(), ctx.contracts.types(), new Obligations(ctx, false, seeder, sink)).run(methodPath);
    } catch (RuntimeException | StackOverflowError e) {
      return; // no summary: references to it report nothing
    }
    unread.put(m, left);
    paramNames.put(m, names);
    List<Pending> waiting = pending.remove(m);
    if (waiting != null) {
      for (Pending p : waiting) {
        settle(p, m);
      }
    }
  }

  /**
   * A method reference to {@code target} delivering error parameters at {@code params} (indices in
   * the target's parameter list): reported now if the target is summarised, later if its class is
   * still to come, never if the target has no source here.
   */
  void reference(Context ctx, TreePath refPath, ExecutableElement target, String what, List<Integer> params) {
    List<int[]> ps = new ArrayList<>();
    for (int i : params) {
      ps.add(new int[] {i});
    }
    Pending p = new Pending(ctx, refPath.getLeaf(), ctx.unit, what, ps,
        ctx.reporter.suppressed(RuleId.UNCHECKED_ERROR, refPath));
    if (unread.containsKey(target)) {
      settle(p, target);
      return;
    }
    TypeElement top = topLevel(target);
    if (top != null && !analysed.contains(top) && ctx.trees.getPath(target) != null) {
      pending.computeIfAbsent(target, k -> new ArrayList<>()).add(p);
    }
  }

  private void settle(Pending p, ExecutableElement target) {
    // A suppressed finding is still settled: the Reporter keeps it, unprinted, for the SARIF log.
    Set<Integer> left = unread.get(target);
    List<String> names = paramNames.get(target);
    for (int[] i : p.params) {
      if (left.contains(i[0])) {
        p.ctx.reporter.reportPrechecked(RuleId.UNCHECKED_ERROR, p.at, p.unit,
            Messages.uncheckedError(p.what, i[0] < names.size() ? names.get(i[0]) : "?"), p.suppressed);
      }
    }
  }

  private static TypeElement topLevel(Element e) {
    TypeElement top = null;
    for (Element c = e; c != null; c = c.getEnclosingElement()) {
      if (c instanceof TypeElement) {
        top = (TypeElement) c;
      }
      if (c.getEnclosingElement() instanceof javax.lang.model.element.PackageElement) {
        break;
      }
    }
    return top;
  }
}

package dev.sessioncheck.processor.flow;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssertTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The flow engine: a structured, flow-sensitive walk of one body over {@code com.sun.source.tree},
 * in the manner of javac's {@code Flow} (JLS ch. 16). It tracks which abstract value each local,
 * {@code this} and field path holds, keeps the client's facts about each value, joins them where
 * control flow meets, runs loops to a fixpoint, carries break / continue / return / yield as
 * pending exits resolved at their target, sends the state before a call's effect to the enclosing
 * catch / finally, and analyses lambdas and local / anonymous class members as their own bodies
 * with the state they capture. It knows no rule: everything a rule needs arrives as
 * {@link FlowClient} events.
 */
public final class Flow<F> {
  private static final int MAX_ITERATIONS = 12;

  /**
   * Statements one body may visit, loops re-runs included. Nested loops multiply the work (each
   * level runs its body to a fixpoint for every pass of the level above); past this budget the body
   * is abandoned, reporting nothing more, rather than slowing the build down.
   */
  private static final int BUDGET = 200_000;

  private int visits;

  /** Thrown when {@link #BUDGET} is exhausted; caught in {@link #run}. */
  private static final class OverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverBudget() {
      super(null, null, false, false);
    }
  }

  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final FlowClient<F> client;
  private final F bottom;
  private CompilationUnitTree unit;
  private CharSequence source;

  private int quiet;
  /** Depth of per-exit walks of finally blocks: only losses are reported there. */
  private int lossesOnly;
  /** Depth of joined walks of finally blocks: everything but losses is reported there. */
  private int joinedFinally;
  private Frame<F> frame;
  private List<Consumer<State<F>>> deferred;
  private final Map<Ref, Long> declPos = new HashMap<>();
  /**
   * {@link #declPos} by position, so that leaving a scope looks only at the locals declared inside
   * it instead of at every reference the state holds (which made each block exit cost as much as
   * the number of live variables).
   */
  private final TreeMap<Long, List<Ref>> declAt = new TreeMap<>();
  private final LinkedHashMap<Tree, Nested<F>> pending = new LinkedHashMap<>();

  public Flow(Trees trees, Elements elements, Types types, FlowClient<F> client) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.client = client;
    this.bottom = client.bottom();
  }

  // ====================================================================== public helpers for clients

  /** False while a loop body is re-run to reach its fixpoint: clients update facts but stay silent. */
  public boolean reporting() {
    return quiet == 0 && lossesOnly == 0;
  }

  /**
   * Whether a value lost here ({@link FlowClient#lost}) is reported. A finally block is walked once
   * over the join of all its entries, which reports everything else, and then once per exit; a loss
   * is reported from the per-exit walks only, because in the joined state a reference that exists
   * on one entry alone (a try-block local still held on the exception path) keeps a value alive that
   * every other entry has lost.
   */
  public boolean reportingLosses() {
    return quiet == 0 && joinedFinally == 0;
  }

  public Trees trees() {
    return trees;
  }

  public CompilationUnitTree unit() {
    return unit;
  }

  public long line(Tree tree) {
    return unit.getLineMap().getLineNumber(positions().getStartPosition(unit, tree));
  }

  public long endLine(Tree tree) {
    long end = positions().getEndPosition(unit, tree);
    return end <= 0 ? line(tree) : unit.getLineMap().getLineNumber(end - 1);
  }

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
      // the pretty printer below is good enough
    }
    return tree.toString();
  }

  private SourcePositions positions() {
    return trees.getSourcePositions();
  }

  private long start(Tree t) {
    return positions().getStartPosition(unit, t);
  }

  private long end(Tree t) {
    return positions().getEndPosition(unit, t);
  }

  // ====================================================================== entry

  /**
   * Analyses a method, constructor, initializer block or field initializer of a class, then every
   * lambda and local / anonymous class member inside it, each exactly once.
   */
  public void run(TreePath body) {
    unit = body.getCompilationUnit();
    source = null;
    Tree leaf = body.getLeaf();
    TypeElement cls = enclosingClass(body);
    State<F> entry = new State<>(bottom);
    boolean isStatic;
    if (leaf instanceof MethodTree) {
      ExecutableElement m = (ExecutableElement) trees.getElement(body);
      isStatic = m == null || m.getModifiers().contains(Modifier.STATIC);
    } else if (leaf instanceof BlockTree) {
      isStatic = ((BlockTree) leaf).isStatic();
    } else {
      Element e = trees.getElement(body);
      isStatic = e == null || e.getModifiers().contains(Modifier.STATIC);
    }
    if (!isStatic) {
      entry.put(Ref.THIS, fresh(entry, leaf, "this", new Origin(Origin.Kind.THIS, leaf, null, null, -1)));
    }
    try {
      analyzeMember(body, entry, cls, false);
      drainNested();
    } catch (OverBudget e) {
      // pathological nesting: stop here, keep what was reported
    }
  }

  /** True when the last {@link #run} gave up on its budget. */
  public boolean overBudget() {
    return visits > BUDGET;
  }

  private void drainNested() {
    Set<Tree> done = new java.util.HashSet<>();
    while (true) {
      Nested<F> next = null;
      for (Nested<F> n : pending.values()) {
        if (!done.contains(n.path.getLeaf())) {
          next = n;
          break;
        }
      }
      if (next == null) {
        return;
      }
      done.add(next.path.getLeaf());
      State<F> entry = next.entry.copy();
      if (next.lambda) {
        analyzeLambda(next.path, entry, next.cls);
      } else {
        boolean isStatic = isStaticMember(next.path);
        if (!isStatic) {
          entry.put(Ref.THIS, fresh(entry, next.path.getLeaf(), "this", new Origin(Origin.Kind.THIS, next.path.getLeaf(), null, null, -1)));
        }
        analyzeMember(next.path, entry, next.cls, true);
      }
    }
  }

  private boolean isStaticMember(TreePath p) {
    Tree leaf = p.getLeaf();
    if (leaf instanceof BlockTree) {
      return ((BlockTree) leaf).isStatic();
    }
    if (leaf instanceof MethodTree) {
      return ((MethodTree) leaf).getModifiers().getFlags().contains(Modifier.STATIC);
    }
    if (leaf instanceof VariableTree) {
      return ((VariableTree) leaf).getModifiers().getFlags().contains(Modifier.STATIC);
    }
    return false;
  }

  private TypeElement enclosingClass(TreePath p) {
    for (TreePath q = p; q != null; q = q.getParentPath()) {
      if (q.getLeaf() instanceof ClassTree) {
        Element e = trees.getElement(q);
        return e instanceof TypeElement ? (TypeElement) e : null;
      }
    }
    return null;
  }

  private void analyzeMember(TreePath path, State<F> s, TypeElement cls, boolean nested) {
    Tree leaf = path.getLeaf();
    Frame<F> saved = frame;
    frame = new Frame<>(leaf, cls);
    try {
      if (leaf instanceof MethodTree) {
        MethodTree mt = (MethodTree) leaf;
        if (mt.getBody() == null) {
          return;
        }
        ExecutableElement m = (ExecutableElement) trees.getElement(path);
        List<VariableElement> params = new ArrayList<>();
        for (int i = 0; i < mt.getParameters().size(); i++) {
          VariableTree vt = mt.getParameters().get(i);
          Element pe = trees.getElement(new TreePath(path, vt));
          if (pe instanceof VariableElement) {
            params.add((VariableElement) pe);
            declare(s, Ref.local(pe), fresh(s, vt, "param", new Origin(Origin.Kind.PARAM, vt, m, pe, i)), vt);
          }
        }
        client.enterBody(this, s, new Body(Body.Kind.METHOD, path, m, params, nested));
        TreePath bp = new TreePath(path, mt.getBody());
        stmt(bp, s);
        finishBody(s, mt.getBody(), endLine(mt.getBody()));
      } else if (leaf instanceof BlockTree) {
        client.enterBody(this, s, new Body(Body.Kind.INITIALIZER, path, null, Collections.emptyList(), nested));
        stmt(path, s);
        finishBody(s, leaf, endLine(leaf));
      } else if (leaf instanceof VariableTree) {
        VariableTree vt = (VariableTree) leaf;
        client.enterBody(this, s, new Body(Body.Kind.FIELD_INIT, path, null, Collections.emptyList(), nested));
        if (vt.getInitializer() != null) {
          TreePath ip = new TreePath(path, vt.getInitializer());
          expr(ip, s, new Ctx(Use.Kind.STORE_FIELD));
          finishBody(s, vt.getInitializer(), endLine(vt.getInitializer()));
        }
      }
    } finally {
      frame = saved;
    }
  }

  private void analyzeLambda(TreePath path, State<F> s, TypeElement cls) {
    LambdaExpressionTree lt = (LambdaExpressionTree) path.getLeaf();
    Frame<F> saved = frame;
    frame = new Frame<>(lt, cls);
    try {
      List<VariableElement> params = new ArrayList<>();
      for (int i = 0; i < lt.getParameters().size(); i++) {
        VariableTree vt = lt.getParameters().get(i);
        Element pe = trees.getElement(new TreePath(path, vt));
        if (pe instanceof VariableElement) {
          params.add((VariableElement) pe);
          declare(s, Ref.local(pe), fresh(s, vt, "param", new Origin(Origin.Kind.PARAM, vt, null, pe, i)), vt);
        }
      }
      client.enterBody(this, s, new Body(Body.Kind.LAMBDA, path, null, params, true));
      Tree body = lt.getBody();
      TreePath bp = new TreePath(path, body);
      if (body instanceof BlockTree) {
        stmt(bp, s);
      } else {
        expr(bp, s, new Ctx(lambdaReturnsVoid(path) ? Use.Kind.DISCARD : Use.Kind.RETURN));
      }
      finishBody(s, body, endLine(body));
    } finally {
      frame = saved;
    }
  }

  /** Normal completion and every return: all references are lost there. */
  private void finishBody(State<F> s, Tree endSite, long endLine) {
    if (!s.dead) {
      dropAll(s, endSite, endLine);
    }
    for (Jump<F> j : frame.jumps) {
      if (j.kind == JumpKind.RETURN && !j.state.dead) {
        dropAll(j.state, j.jumpTree, line(j.jumpTree));
      }
    }
    frame.jumps.clear();
  }

  private boolean lambdaReturnsVoid(TreePath lambda) {
    TypeMirror t = trees.getTypeMirror(lambda);
    if (t instanceof DeclaredType) {
      ExecutableElement fm = functionalMethod((TypeElement) ((DeclaredType) t).asElement());
      if (fm != null) {
        return fm.getReturnType().getKind() == TypeKind.VOID;
      }
    }
    return true;
  }

  private ExecutableElement functionalMethod(TypeElement type) {
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      if (!m.getModifiers().contains(Modifier.ABSTRACT)) {
        continue;
      }
      String n = m.getSimpleName().toString();
      int arity = m.getParameters().size();
      if ((n.equals("equals") && arity == 1) || (n.equals("hashCode") && arity == 0) || (n.equals("toString") && arity == 0)) {
        continue;
      }
      return m;
    }
    return null;
  }

  // ====================================================================== values and references

  private Val fresh(State<F> s, Object site, String tag, Origin origin) {
    Val v = new Val(site, tag, null);
    if (!s.dead && s.referenced(v)) {
      // The same site produced a value on an earlier loop iteration that is still held: keep it
      // apart, so the new value's facts do not overwrite the old one's.
      Val prev = new Val(site, tag, "prev");
      F pf = s.referenced(prev) ? client.join(s.fact(prev), s.fact(v)) : s.fact(v);
      for (Ref r : s.refsTo(v)) {
        s.put(r, prev);
      }
      s.putFact(prev, pf);
    }
    s.putFact(v, bottom);
    client.created(this, s, v, origin);
    return v;
  }

  private void declare(State<F> s, Ref r, Val v, Tree decl) {
    recordDeclaration(r, start(decl));
    if (v != null && !s.dead) {
      Val old = s.put(r, v);
      if (old != null && !old.equals(v) && !s.referenced(old)) {
        client.lost(this, s, old, r, decl, line(decl));
      }
    }
  }

  private void recordDeclaration(Ref r, long pos) {
    Long was = declPos.put(r, pos);
    if (was == null || was.longValue() != pos) {
      if (was != null) {
        List<Ref> at = declAt.get(was);
        if (at != null) {
          at.remove(r);
        }
      }
      declAt.computeIfAbsent(pos, k -> new ArrayList<>(1)).add(r);
    }
  }

  private void assignLocal(State<F> s, Ref r, Val v, Tree where) {
    if (s.dead) {
      return;
    }
    dropPathsUnder(s, r, where, line(where));
    Val old = v == null ? s.remove(r) : s.put(r, v);
    if (old != null && !old.equals(v) && !s.referenced(old)) {
      client.lost(this, s, old, r, where, line(where));
    }
  }

  private void dropPathsUnder(State<F> s, Ref prefix, Tree where, long line) {
    if (!s.hasFieldRefs()) {
      return;
    }
    List<Ref> under = new ArrayList<>();
    for (Ref r : s.env().keySet()) {
      if (r.kind() == Ref.Kind.FIELD && r.extendsPath(prefix)) {
        under.add(r);
      }
    }
    for (Ref r : under) {
      Val v = s.remove(r);
      if (v != null && !s.referenced(v)) {
        client.lost(this, s, v, r, where, line);
      }
    }
  }

  /** An assignment to field {@code f} on any path invalidates every path through {@code f}. */
  private void dropField(State<F> s, Element field, Tree where) {
    if (!s.hasFieldRefs()) {
      return;
    }
    List<Ref> hit = new ArrayList<>();
    for (Ref r : s.env().keySet()) {
      if (r.kind() == Ref.Kind.FIELD) {
        for (Ref q = r; q != null && q.kind() == Ref.Kind.FIELD; q = q.parent()) {
          if (q.element().equals(field)) {
            hit.add(r);
            break;
          }
        }
      }
    }
    for (Ref r : hit) {
      Val v = s.remove(r);
      if (v != null && !s.referenced(v)) {
        client.lost(this, s, v, r, where, line(where));
      }
    }
  }

  private void drop(State<F> s, Ref r, Tree where, long line) {
    dropPathsUnder(s, r, where, line);
    Val v = s.remove(r);
    if (v != null && !s.referenced(v)) {
      client.lost(this, s, v, r, where, line);
    }
  }

  private static final Comparator<Map.Entry<Ref, Long>> LATEST_FIRST =
      (a, b) -> Long.compare(b.getValue(), a.getValue());

  /** Drops the locals declared inside {@code scope} (they go out of scope at {@code where}). */
  private void dropDeclaredIn(State<F> s, Tree scope, Tree where, long line) {
    if (s.dead) {
      return;
    }
    dropRange(s, start(scope), end(scope), where, line);
  }

  private void dropRange(State<F> s, long from, long to, Tree where, long line) {
    if (from > to) {
      return;
    }
    List<Ref> hit = new ArrayList<>();
    // Latest declaration first, as the scope unwinds.
    for (List<Ref> at : declAt.subMap(from, true, to, false).descendingMap().values()) {
      for (Ref r : at) {
        if (r.kind() == Ref.Kind.LOCAL && s.env().containsKey(r)) {
          hit.add(r);
        }
      }
    }
    for (Ref r : hit) {
      drop(s, r, where, line);
    }
  }

  private void dropAll(State<F> s, Tree where, long line) {
    List<Map.Entry<Ref, Long>> locals = new ArrayList<>();
    List<Ref> others = new ArrayList<>();
    for (Ref r : s.env().keySet()) {
      if (r.kind() == Ref.Kind.LOCAL) {
        locals.add(Map.entry(r, declPos.getOrDefault(r, -1L)));
      } else if (r.kind() != Ref.Kind.FIELD) {
        others.add(r);
      }
    }
    locals.sort(LATEST_FIRST);
    for (Map.Entry<Ref, Long> e : locals) {
      drop(s, e.getKey(), where, line);
    }
    for (Ref r : others) {
      drop(s, r, where, line);
    }
    for (Ref r : new ArrayList<>(s.env().keySet())) {
      drop(s, r, where, line);
    }
  }

  // ====================================================================== joins

  private static final Comparator<Ref> REF_ORDER =
      Comparator.comparing(Ref::display).thenComparingInt(r -> r.element() == null ? 0 : System.identityHashCode(r.element()));

  private static final class Pair {
    final Val a;
    final Val b;

    Pair(Val a, Val b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Pair && Objects.equals(a, ((Pair) o).a) && Objects.equals(b, ((Pair) o).b);
    }

    @Override
    public int hashCode() {
      return Objects.hash(a, b);
    }
  }

  private F joinFacts(F a, F b) {
    F x = a == null ? bottom : a;
    F y = b == null ? bottom : b;
    // A join is idempotent (facts are immutable values): the same fact on both sides, the common
    // case after a copy, needs no call.
    return x == y ? x : client.join(x, y);
  }

  /**
   * The join at {@code site}. A reference holding the same value on both sides keeps it; references
   * holding different values get one merged value per pair of values (so aliases stay aliases),
   * named by the join point and the first such reference, so repeated joins name it the same.
   *
   * <p>The result starts as {@code a} and only what differs from {@code b} is visited: the
   * references whose values differ, and the facts that differ for values both sides still hold.
   */
  State<F> join(State<F> a, State<F> b, Tree site, String tag) {
    if (a == null || a.dead) {
      return b == null ? State.deadState(bottom) : b.copy();
    }
    if (b == null || b.dead) {
      return a.copy();
    }
    List<Ref> differing = new ArrayList<>();
    PMap.diff(a.env(), b.env(), (ref, va, vb) -> differing.add(ref));
    // How many of each a-value's holders are among the differing references: a value with a
    // holder outside them is held by a reference that keeps it on both sides.
    Map<Val, Integer> leaving = new HashMap<>();
    for (Ref ref : differing) {
      Val va = a.get(ref);
      if (va != null) {
        leaving.merge(va, 1, Integer::sum);
      }
    }
    State<F> r = a.copy();
    // Kept values start with a's facts; join only those b sees differently.
    PMap.diff(a.facts(), b.facts(), (v, fa, fb) -> {
      if (kept(a, leaving, v)) {
        r.putFact(v, joinFacts(fa, fb));
      }
      return true;
    });
    if (differing.isEmpty()) {
      return r;
    }
    LinkedHashMap<Pair, List<Ref>> groups = new LinkedHashMap<>();
    List<Ref> oneSided = new ArrayList<>();
    for (Ref ref : differing) {
      Val va = a.get(ref);
      Val vb = b.get(ref);
      if (va == null || vb == null) {
        oneSided.add(ref);
      } else {
        groups.computeIfAbsent(new Pair(va, vb), k -> new ArrayList<>()).add(ref);
      }
    }
    Map<Pair, Val> merged = new LinkedHashMap<>();
    for (Map.Entry<Pair, List<Ref>> g : groups.entrySet()) {
      Ref canonical = Collections.min(g.getValue(), REF_ORDER);
      Val m = new Val(site, "merge:" + tag, canonical);
      r.putFact(m, joinFacts(a.fact(g.getKey().a), b.fact(g.getKey().b)));
      merged.put(g.getKey(), m);
      for (Ref ref : g.getValue()) {
        r.put(ref, m);
      }
    }
    Set<Val> mergedValues = new HashSet<>(merged.values());
    // A reference known on one side only (declared or first read on that path) stays an alias of
    // whatever shares its value there, so that a later inspection or end reaches both.
    LinkedHashMap<Pair, List<Ref>> rest = new LinkedHashMap<>();
    for (Ref ref : oneSided) {
      Val va = a.get(ref);
      Val vb = b.get(ref);
      Val partner = null;
      if (va != null && (kept(a, leaving, va) || mergedValues.contains(va)) && b.referenced(va)) {
        partner = va;
      } else if (vb != null && (kept(a, leaving, vb) || mergedValues.contains(vb)) && a.referenced(vb)) {
        partner = vb;
      } else {
        for (Map.Entry<Pair, Val> e : merged.entrySet()) {
          if ((va != null && va.equals(e.getKey().a)) || (vb != null && vb.equals(e.getKey().b))) {
            partner = e.getValue();
            break;
          }
        }
      }
      if (partner != null) {
        r.put(ref, partner);
      } else {
        rest.computeIfAbsent(new Pair(va, vb), k -> new ArrayList<>()).add(ref);
      }
    }
    for (Map.Entry<Pair, List<Ref>> g : rest.entrySet()) {
      Ref canonical = Collections.min(g.getValue(), REF_ORDER);
      Val m = new Val(site, "merge:" + tag, canonical);
      Val va = g.getKey().a;
      Val vb = g.getKey().b;
      r.putFact(m, joinFacts(va == null ? null : a.fact(va), vb == null ? null : b.fact(vb)));
      for (Ref ref : g.getValue()) {
        r.put(ref, m);
      }
    }
    return r;
  }

  /** True when a reference outside the differing ones holds {@code v} in {@code a} (and so in b). */
  private static boolean kept(State<?> a, Map<Val, Integer> leaving, Val v) {
    return a.holders(v) > leaving.getOrDefault(v, 0);
  }

  // ====================================================================== jumps, targets, handlers

  private enum JumpKind {
    BREAK,
    CONTINUE,
    RETURN,
    YIELD
  }

  private static final class Jump<F> {
    final JumpKind kind;
    final Tree target;
    final State<F> state;
    final Tree jumpTree;

    Jump(JumpKind kind, Tree target, State<F> state, Tree jumpTree) {
      this.kind = kind;
      this.target = target;
      this.state = state;
      this.jumpTree = jumpTree;
    }
  }

  private enum TargetKind {
    LOOP,
    SWITCH,
    SWITCH_EXPR,
    LABEL
  }

  private static final class Target {
    final TargetKind kind;
    final Tree tree;
    final Name label;
    Ctx yieldCtx;
    Ref tmp;

    Target(TargetKind kind, Tree tree, Name label) {
      this.kind = kind;
      this.tree = tree;
      this.label = label;
    }
  }

  private static final class Handler<F> {
    final Tree site;
    State<F> acc;

    Handler(Tree site) {
      this.site = site;
    }
  }

  private static final class Frame<F> {
    final Tree bodyTree;
    final TypeElement cls;
    final List<Jump<F>> jumps = new ArrayList<>();
    final ArrayDeque<Target> targets = new ArrayDeque<>();
    final ArrayDeque<Handler<F>> handlers = new ArrayDeque<>();

    Frame(Tree bodyTree, TypeElement cls) {
      this.bodyTree = bodyTree;
      this.cls = cls;
    }
  }

  private static final class Nested<F> {
    final TreePath path;
    final boolean lambda;
    final TypeElement cls;
    State<F> entry;

    Nested(TreePath path, boolean lambda, TypeElement cls, State<F> entry) {
      this.path = path;
      this.lambda = lambda;
      this.cls = cls;
      this.entry = entry;
    }
  }

  /** The exception edge: the state before a call's effect (or at a throw) reaches the handler. */
  private void throwEdge(State<F> s) {
    if (s.dead || frame.handlers.isEmpty()) {
      return; // leaving the body by an exception: nothing is reported there
    }
    Handler<F> h = frame.handlers.peek();
    h.acc = h.acc == null ? s.copy() : join(h.acc, s, h.site, "exc");
    for (Recorder<F> r : recorders) {
      if (r.handler == h) {
        r.thrown = r.thrown == null ? s.copy() : join(r.thrown, s, h.site, "exc");
      }
    }
  }

  private void addJump(JumpKind kind, Tree target, State<F> s, Tree jumpTree) {
    if (!s.dead && target != null) {
      frame.jumps.add(new Jump<>(kind, target, s.copy(), jumpTree));
    }
    s.dead = true;
  }

  /** Removes and returns the pending jumps of {@code kind} that target {@code target}. */
  private List<Jump<F>> takeJumps(JumpKind kind, Tree target) {
    List<Jump<F>> out = new ArrayList<>();
    for (java.util.Iterator<Jump<F>> it = frame.jumps.iterator(); it.hasNext(); ) {
      Jump<F> j = it.next();
      if (j.kind == kind && j.target == target) {
        out.add(j);
        it.remove();
      }
    }
    return out;
  }

  private Tree breakTarget(BreakTree b) {
    for (Target t : frame.targets) {
      if (b.getLabel() == null ? (t.kind == TargetKind.LOOP || t.kind == TargetKind.SWITCH) : (t.kind == TargetKind.LABEL && t.label.contentEquals(b.getLabel()))) {
        return t.tree;
      }
    }
    return null;
  }

  private Tree continueTarget(ContinueTree c) {
    for (Target t : frame.targets) {
      if (t.kind == TargetKind.LOOP && (c.getLabel() == null || (t.label != null && t.label.contentEquals(c.getLabel())))) {
        return t.tree;
      }
    }
    return null;
  }

  private Target yieldTarget() {
    for (Target t : frame.targets) {
      if (t.kind == TargetKind.SWITCH_EXPR) {
        return t;
      }
    }
    return null;
  }

  // ====================================================================== statements (JLS 14)

  private static TreePath child(TreePath p, Tree t) {
    return new TreePath(p, t);
  }

  void stmt(TreePath p, State<F> s) {
    if (s.dead || p.getLeaf() == null) {
      return; // unreachable code reports nothing
    }
    if (++visits > BUDGET) {
      throw new OverBudget();
    }
    Tree t = p.getLeaf();
    if (t instanceof BlockTree) {
      for (StatementTree st : ((BlockTree) t).getStatements()) {
        stmt(child(p, st), s);
      }
      dropDeclaredIn(s, t, t, endLine(t));
    } else if (t instanceof ExpressionStatementTree) {
      expr(child(p, ((ExpressionStatementTree) t).getExpression()), s, new Ctx(Use.Kind.DISCARD));
    } else if (t instanceof VariableTree) {
      localVariable(p, s);
    } else if (t instanceof IfTree) {
      IfTree it = (IfTree) t;
      State<F>[] c = cond(child(p, it.getCondition()), s);
      stmt(child(p, it.getThenStatement()), c[0]);
      if (it.getElseStatement() != null) {
        stmt(child(p, it.getElseStatement()), c[1]);
      }
      s.become(join(c[0], c[1], t, "if"));
    } else if (t instanceof ExpressionStatementTree) {
      expr(child(p, ((ExpressionStatementTree) t).getExpression()), s, new Ctx(Use.Kind.DISCARD));
    } else if (t instanceof com.sun.source.tree.WhileLoopTree
        || t instanceof DoWhileLoopTree
        || t instanceof ForLoopTree
        || t instanceof EnhancedForLoopTree) {
      loop(p, s);
    } else if (t instanceof LabeledStatementTree) {
      LabeledStatementTree lt = (LabeledStatementTree) t;
      frame.targets.push(new Target(TargetKind.LABEL, t, lt.getLabel()));
      try {
        stmt(child(p, lt.getStatement()), s);
      } finally {
        frame.targets.pop();
      }
      resolveBreaks(s, t, t);
    } else if (t instanceof SwitchTree) {
      SwitchTree sw = (SwitchTree) t;
      switchCommon(p, child(p, sw.getExpression()), sw.getCases(), s, false, null);
    } else if (t instanceof TryTree) {
      tryStatement(p, s);
    } else if (t instanceof SynchronizedTree) {
      SynchronizedTree st = (SynchronizedTree) t;
      expr(child(p, st.getExpression()), s, new Ctx(Use.Kind.LOCK));
      stmt(child(p, st.getBlock()), s);
    } else if (t instanceof ThrowTree) {
      expr(child(p, ((ThrowTree) t).getExpression()), s, new Ctx(Use.Kind.THROW));
      throwEdge(s);
      s.dead = true;
    } else if (t instanceof ReturnTree) {
      ReturnTree rt = (ReturnTree) t;
      if (rt.getExpression() != null) {
        expr(child(p, rt.getExpression()), s, new Ctx(Use.Kind.RETURN));
      }
      addJump(JumpKind.RETURN, frame.bodyTree, s, t);
    } else if (t instanceof BreakTree) {
      addJump(JumpKind.BREAK, breakTarget((BreakTree) t), s, t);
    } else if (t instanceof ContinueTree) {
      addJump(JumpKind.CONTINUE, continueTarget((ContinueTree) t), s, t);
    } else if (t instanceof YieldTree) {
      Target tg = yieldTarget();
      yieldValue(child(p, ((YieldTree) t).getValue()), s, tg);
      addJump(JumpKind.YIELD, tg == null ? null : tg.tree, s, t);
    } else if (t instanceof AssertTree) {
      AssertTree at = (AssertTree) t;
      State<F> before = s.copy();
      State<F>[] c = cond(child(p, at.getCondition()), s);
      if (at.getDetail() != null) {
        expr(child(p, at.getDetail()), c[1], new Ctx(Use.Kind.OPERAND));
      }
      // With assertions disabled nothing was evaluated; with them enabled the false branch throws.
      s.become(join(before, c[0], t, "assert"));
    } else if (t instanceof ClassTree) {
      registerClass(p, s);
    }
    // empty statements and anything newer than this engine: no effect on the tracked state
  }

  private void localVariable(TreePath p, State<F> s) {
    VariableTree vt = (VariableTree) p.getLeaf();
    Element e = trees.getElement(p);
    ExpressionTree init = vt.getInitializer();
    if (TreeCompat.unnamed(vt)) {
      if (init != null) {
        expr(child(p, init), s, new Ctx(Use.Kind.COPY_UNNAMED));
      }
      return;
    }
    if (e == null) {
      return;
    }
    Ref r = Ref.local(e);
    if (init == null) {
      recordDeclaration(r, start(vt));
      return;
    }
    Val v = expr(child(p, init), s, new Ctx(Use.Kind.COPY_LOCAL));
    if (s.dead) {
      return;
    }
    if (v == null) {
      v = fresh(s, vt, "init", new Origin(Origin.Kind.OPAQUE, vt, null, e, -1));
    }
    declare(s, r, v, vt);
  }

  private void resolveBreaks(State<F> s, Tree target, Tree scope) {
    for (Jump<F> j : takeJumps(JumpKind.BREAK, target)) {
      dropDeclaredIn(j.state, scope, j.jumpTree, line(j.jumpTree));
      s.become(join(s, j.state, target, "break"));
    }
  }

  // ---------------------------------------------------------------------- loops (JLS 14.12-14.14)

  private static final class Pass<F> {
    State<F> back;
    State<F> exit;
  }

  private void loop(TreePath p, State<F> s) {
    Tree t = p.getLeaf();
    Name label = p.getParentPath() != null && p.getParentPath().getLeaf() instanceof LabeledStatementTree
        ? ((LabeledStatementTree) p.getParentPath().getLeaf()).getLabel()
        : null;
    long regionStart;
    if (t instanceof ForLoopTree) {
      ForLoopTree f = (ForLoopTree) t;
      for (StatementTree init : f.getInitializer()) {
        stmt(child(p, init), s);
      }
      regionStart = f.getCondition() != null ? start(f.getCondition()) : start(f.getStatement());
      if (!f.getInitializer().isEmpty()) {
        regionStart = Math.max(regionStart, end(f.getInitializer().get(f.getInitializer().size() - 1)));
      }
    } else if (t instanceof EnhancedForLoopTree) {
      EnhancedForLoopTree ef = (EnhancedForLoopTree) t;
      expr(child(p, ef.getExpression()), s, new Ctx(Use.Kind.ITERABLE));
      regionStart = start(ef.getVariable());
    } else if (t instanceof DoWhileLoopTree) {
      regionStart = start(((DoWhileLoopTree) t).getStatement());
    } else {
      regionStart = start(((com.sun.source.tree.WhileLoopTree) t).getCondition());
    }
    if (s.dead) {
      return;
    }
    State<F> entry = s.copy();
    // Inside an enclosing loop's quiet passes the same loop is analysed again and again, mostly
    // from the same entry state: replay the recorded outcome instead (nested loops would
    // otherwise cost exponential time in their depth).
    boolean memoable = quiet > 0;
    boolean handled = !frame.handlers.isEmpty();
    if (memoable) {
      for (LoopMemo<F> m : memo.getOrDefault(t, Collections.emptyList())) {
        if (m.handled == handled && m.entry.sameAs(entry)) {
          s.become(m.exit.copy());
          for (Jump<F> j : m.jumps) {
            frame.jumps.add(new Jump<>(j.kind, j.target, j.state.copy(), j.jumpTree));
          }
          if (m.thrown != null) {
            throwEdge(m.thrown.copy());
          }
          return;
        }
      }
    }
    Recorder<F> rec = memoable ? new Recorder<>(frame.handlers.peek()) : null;
    if (rec != null) {
      recorders.add(rec);
    }
    int jumpMark = frame.jumps.size();
    try {
      fixpoint(p, s, entry, label, regionStart);
    } finally {
      if (rec != null) {
        recorders.remove(rec);
      }
    }
    if (rec != null) {
      List<Jump<F>> escaping = new ArrayList<>();
      for (Jump<F> j : frame.jumps.subList(jumpMark, frame.jumps.size())) {
        escaping.add(new Jump<>(j.kind, j.target, j.state.copy(), j.jumpTree));
      }
      List<LoopMemo<F>> list = memo.computeIfAbsent(t, k -> new ArrayList<>());
      if (list.size() >= 16) {
        list.remove(0);
      }
      list.add(new LoopMemo<>(entry, handled, s.copy(), escaping, rec.thrown));
    }
  }

  private static final class LoopMemo<F> {
    final State<F> entry;
    final boolean handled;
    final State<F> exit;
    final List<Jump<F>> jumps;
    final State<F> thrown;

    LoopMemo(State<F> entry, boolean handled, State<F> exit, List<Jump<F>> jumps, State<F> thrown) {
      this.entry = entry;
      this.handled = handled;
      this.exit = exit;
      this.jumps = jumps;
      this.thrown = thrown;
    }
  }

  /** Collects what a loop under analysis throws to the handler that encloses it. */
  private static final class Recorder<F> {
    final Handler<F> handler;
    State<F> thrown;

    Recorder(Handler<F> handler) {
      this.handler = handler;
    }
  }

  private final Map<Tree, List<LoopMemo<F>>> memo = new HashMap<>();
  private final List<Recorder<F>> recorders = new ArrayList<>();

  private void fixpoint(TreePath p, State<F> s, State<F> entry, Name label, long regionStart) {
    Tree t = p.getLeaf();
    State<F> head = entry.copy();
    quiet++;
    try {
      for (int i = 0; i < MAX_ITERATIONS; i++) {
        int mark = frame.jumps.size();
        Pass<F> pass = loopPass(p, head.copy(), label, regionStart);
        while (frame.jumps.size() > mark) {
          frame.jumps.remove(frame.jumps.size() - 1);
        }
        State<F> next = join(entry, pass.back, t, "head");
        if (next.sameAs(head)) {
          break;
        }
        head = next;
      }
    } finally {
      quiet--;
    }
    Pass<F> fin = loopPass(p, head.copy(), label, regionStart);
    s.become(fin.exit);
    dropDeclaredIn(s, t, t, endLine(t));
  }

  private Pass<F> loopPass(TreePath p, State<F> h, Name label, long regionStart) {
    Tree t = p.getLeaf();
    Pass<F> pass = new Pass<>();
    long regionEnd = end(t);
    Tree body;
    frame.targets.push(new Target(TargetKind.LOOP, t, label));
    try {
      if (t instanceof com.sun.source.tree.WhileLoopTree) {
        com.sun.source.tree.WhileLoopTree w = (com.sun.source.tree.WhileLoopTree) t;
        body = w.getStatement();
        State<F>[] c = cond(child(p, w.getCondition()), h);
        stmt(child(p, body), c[0]);
        pass.back = continues(c[0], t, body);
        pass.exit = c[1];
      } else if (t instanceof DoWhileLoopTree) {
        DoWhileLoopTree d = (DoWhileLoopTree) t;
        body = d.getStatement();
        stmt(child(p, body), h);
        State<F> after = continues(h, t, body);
        State<F>[] c = cond(child(p, d.getCondition()), after);
        pass.back = c[0];
        pass.exit = c[1];
      } else if (t instanceof ForLoopTree) {
        ForLoopTree f = (ForLoopTree) t;
        body = f.getStatement();
        State<F>[] c = f.getCondition() == null
            ? pair(h, State.deadState(bottom))
            : cond(child(p, f.getCondition()), h);
        stmt(child(p, body), c[0]);
        State<F> after = continues(c[0], t, body);
        for (ExpressionStatementTree u : f.getUpdate()) {
          stmt(child(p, u), after);
        }
        pass.back = after;
        pass.exit = c[1];
      } else {
        EnhancedForLoopTree ef = (EnhancedForLoopTree) t;
        body = ef.getStatement();
        pass.exit = h.copy();
        VariableTree vt = ef.getVariable();
        Element ve = trees.getElement(child(p, vt));
        if (ve != null && !TreeCompat.unnamed(vt)) {
          declare(h, Ref.local(ve), fresh(h, t, "elem", new Origin(Origin.Kind.ELEMENT, t, null, ve, -1)), vt);
        }
        stmt(child(p, body), h);
        pass.back = continues(h, t, body);
      }
    } finally {
      frame.targets.pop();
    }
    dropRange(pass.back, regionStart, regionEnd, body, endLine(body));
    for (Jump<F> j : takeJumps(JumpKind.BREAK, t)) {
      dropRange(j.state, regionStart, regionEnd, j.jumpTree, line(j.jumpTree));
      pass.exit = join(pass.exit, j.state, t, "break");
    }
    return pass;
  }

  private State<F> continues(State<F> normal, Tree loop, Tree body) {
    State<F> out = normal;
    for (Jump<F> j : takeJumps(JumpKind.CONTINUE, loop)) {
      // the body's locals go out of scope at the continue (the for-each variable stays)
      dropDeclaredIn(j.state, body, j.jumpTree, line(j.jumpTree));
      out = join(out, j.state, loop, "continue");
    }
    return out == normal ? normal.copy() : out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array of two states: {when true, when false}
  private State<F>[] pair(State<F> a, State<F> b) {
    return new State[] {a, b};
  }

  // ---------------------------------------------------------------------- switch (JLS 14.11, 15.28)

  private static boolean copyKind(Ctx ctx) {
    return ctx == null || ctx.kind == Use.Kind.COPY_LOCAL || ctx.kind == Use.Kind.COPY_UNNAMED || ctx.kind == Use.Kind.DISCARD;
  }

  private Val switchCommon(TreePath p, TreePath selector, List<? extends CaseTree> cases, State<F> s, boolean isExpr, Ctx ctx) {
    Tree t = p.getLeaf();
    Val sel = expr(selector, s, new Ctx(Use.Kind.SWITCH_SELECTOR));
    if (s.dead) {
      return null;
    }
    TypeMirror selType = trees.getTypeMirror(selector);
    Target tg = new Target(isExpr ? TargetKind.SWITCH_EXPR : TargetKind.SWITCH, t,
        !isExpr && p.getParentPath() != null && p.getParentPath().getLeaf() instanceof LabeledStatementTree
            ? ((LabeledStatementTree) p.getParentPath().getLeaf()).getLabel() : null);
    tg.yieldCtx = ctx;
    tg.tmp = Ref.temp(t);
    State<F> remaining = s.copy();
    State<F> fall = State.deadState(bottom);
    State<F> out = State.deadState(bottom);
    boolean exhaustive = isExpr;
    frame.targets.push(tg);
    try {
      for (CaseTree c : cases) {
        TreePath cp = child(p, c);
        State<F> entry = remaining.copy();
        boolean unconditional = TreeCompat.isDefault(c);
        for (Tree label : TreeCompat.labels(c)) {
          Tree pattern = TreeCompat.labelPattern(label);
          if (pattern != null) {
            exhaustive = true; // a pattern switch must be exhaustive (JLS 14.11.1.1)
            TreePath lp = label == pattern ? child(cp, pattern) : child(child(cp, label), pattern);
            bindPattern(lp, entry, sel);
            if (TreeCompat.guard(c) == null && covers(pattern, lp, selType)) {
              unconditional = true;
            }
          } else {
            ExpressionTree k = TreeCompat.labelConstant(label);
            if (k instanceof LiteralTree && ((LiteralTree) k).getValue() == null) {
              exhaustive = true; // case null makes the switch a pattern switch
            }
          }
        }
        ExpressionTree guard = TreeCompat.guard(c);
        if (guard != null) {
          State<F>[] g = cond(child(cp, guard), entry);
          entry = g[0];
          remaining = join(remaining, g[1], c, "guard");
        }
        if (unconditional) {
          exhaustive = true;
        }
        Tree body = TreeCompat.body(c);
        if (body == null) {
          State<F> cs = join(fall, entry, c, "fall");
          for (StatementTree st : c.getStatements()) {
            stmt(child(cp, st), cs);
          }
          fall = cs;
        } else {
          State<F> cs = entry;
          TreePath bp = child(cp, body);
          if (isExpr && body instanceof ExpressionTree) {
            yieldValue(bp, cs, tg);
          } else if (isExpr && body instanceof ExpressionStatementTree) {
            yieldValue(child(bp, ((ExpressionStatementTree) body).getExpression()), cs, tg);
          } else {
            stmt(bp, cs);
          }
          out = join(out, cs, c, "arm");
        }
      }
    } finally {
      frame.targets.pop();
    }
    out = join(out, fall, t, "fall");
    if (!exhaustive) {
      out = join(out, remaining, t, "nomatch");
    }
    for (Jump<F> j : takeJumps(JumpKind.BREAK, t)) {
      dropDeclaredIn(j.state, t, j.jumpTree, line(j.jumpTree));
      out = join(out, j.state, t, "break");
    }
    for (Jump<F> j : takeJumps(JumpKind.YIELD, t)) {
      dropDeclaredIn(j.state, t, j.jumpTree, line(j.jumpTree));
      out = join(out, j.state, t, "yield");
    }
    dropDeclaredIn(out, t, t, endLine(t));
    Val result = null;
    if (isExpr && !out.dead) {
      result = out.remove(tg.tmp);
    }
    s.become(out);
    if (isExpr && result != null && copyKind(ctx)) {
      use(s, result, ctx, t);
    }
    return result;
  }

  /** True when a type pattern matches every value of the selector type (no remainder). */
  private boolean covers(Tree pattern, TreePath patternPath, TypeMirror selType) {
    if (!TreeCompat.kind(pattern).equals("BINDING_PATTERN") || selType == null) {
      return false;
    }
    VariableTree v = TreeCompat.bindingVariable(pattern);
    if (v == null) {
      return false;
    }
    TypeMirror pt = trees.getTypeMirror(child(patternPath, v));
    return pt != null && types.isSubtype(types.erasure(selType), types.erasure(pt));
  }

  /** A switch-expression arm's value: a use in the switch's own context, held in a temporary. */
  private void yieldValue(TreePath valuePath, State<F> s, Target tg) {
    if (tg == null) {
      expr(valuePath, s, new Ctx(Use.Kind.OPERAND));
      return;
    }
    Ctx c = copyKind(tg.yieldCtx) ? new Ctx(Use.Kind.COPY_LOCAL) : tg.yieldCtx;
    Val v = expr(valuePath, s, c);
    if (!s.dead && v != null) {
      s.put(tg.tmp, v);
    }
  }

  /** Pattern bindings alias the matched value; components of record patterns are fresh. */
  private void bindPattern(TreePath pp, State<F> s, Val subject) {
    if (s.dead) {
      return;
    }
    Tree pat = pp.getLeaf();
    String k = TreeCompat.kind(pat);
    if (k.equals("BINDING_PATTERN")) {
      VariableTree vt = TreeCompat.bindingVariable(pat);
      if (vt == null || TreeCompat.unnamed(vt)) {
        return;
      }
      TreePath vp = child(pp, vt);
      Element e = trees.getElement(vp);
      if (e == null) {
        return;
      }
      Val v = subject != null ? subject : fresh(s, vt, "bind", new Origin(Origin.Kind.OPAQUE, vt, null, e, -1));
      declare(s, Ref.local(e), v, vt);
    } else if (k.equals("DECONSTRUCTION_PATTERN")) {
      for (Tree nested : TreeCompat.nestedPatterns(pat)) {
        bindPattern(child(pp, nested), s, null);
      }
    } else if (k.equals("PARENTHESIZED_PATTERN")) {
      Tree inner = TreeCompat.innerPattern(pat);
      if (inner != null) {
        bindPattern(child(pp, inner), s, subject);
      }
    }
  }

  // ---------------------------------------------------------------------- try (JLS 14.20)

  private void tryStatement(TreePath p, State<F> s) {
    TryTree tt = (TryTree) p.getLeaf();
    BlockTree fin = tt.getFinallyBlock();
    Handler<F> h = new Handler<>(tt);
    int mark = frame.jumps.size();
    List<Ref> resources = new ArrayList<>();
    frame.handlers.push(h);
    try {
      for (Tree r : tt.getResources()) {
        TreePath rp = child(p, r);
        if (r instanceof VariableTree) {
          localVariable(rp, s);
          Element e = trees.getElement(rp);
          if (e != null && !TreeCompat.unnamed((VariableTree) r)) {
            Ref ref = Ref.local(e);
            resources.add(ref);
            Val v = s.get(ref);
            if (v != null) {
              use(s, v, new Ctx(Use.Kind.RESOURCE), r, ((VariableTree) r).getName().toString());
            }
          }
        } else if (r instanceof ExpressionTree) {
          expr(rp, s, new Ctx(Use.Kind.RESOURCE));
        }
      }
      stmt(child(p, tt.getBlock()), s);
      // The implicit close() of each resource, last declared first (JLS 14.20.3).
      for (int i = resources.size() - 1; i >= 0 && !s.dead; i--) {
        Ref ref = resources.get(i);
        Val v = s.get(ref);
        ExecutableElement close = closeMethod(v == null ? null : ref.element().asType());
        if (v != null && close != null) {
          Ctx rc = new Ctx(Use.Kind.RECEIVER, close, tt, -1, null, true);
          use(s, v, rc, tt, ref.display());
          throwEdge(s);
          client.call(this, s, new Call(tt, close, v, ref.display(), Collections.emptyList(), Collections.emptyList(), true));
        }
      }
      if (!tt.getResources().isEmpty()) {
        dropDeclaredIn(s, tt, tt.getBlock(), endLine(tt.getBlock()));
      }
    } finally {
      frame.handlers.pop();
    }
    State<F> exc = h.acc == null ? State.deadState(bottom) : h.acc;
    Handler<F> hf = fin != null ? new Handler<>(fin) : null;
    if (hf != null) {
      frame.handlers.push(hf);
    }
    State<F> normal = s.copy();
    boolean catchesAll = false;
    try {
      for (CatchTree c : tt.getCatches()) {
        TreePath cp = child(p, c);
        State<F> cs = exc.copy();
        if (cs.dead) {
          continue;
        }
        VariableTree pv = c.getParameter();
        TreePath pvp = child(cp, pv);
        Element pe = trees.getElement(pvp);
        TypeMirror ct = trees.getTypeMirror(pvp);
        if (ct != null && ct.toString().equals("java.lang.Throwable")) {
          catchesAll = true;
        }
        if (pe != null && !TreeCompat.unnamed(pv)) {
          declare(cs, Ref.local(pe), fresh(cs, pv, "catch", new Origin(Origin.Kind.CATCH_PARAM, pv, null, pe, -1)), pv);
        }
        stmt(child(cp, c.getBlock()), cs);
        dropDeclaredIn(cs, c, c.getBlock(), endLine(c.getBlock()));
        normal = join(normal, cs, tt, "catch");
      }
    } finally {
      if (hf != null) {
        frame.handlers.pop();
      }
    }
    State<F> uncaught = catchesAll ? State.deadState(bottom) : exc;
    if (fin == null) {
      throwEdge(uncaught);
      s.become(normal);
      return;
    }
    // finally runs on every exit that crosses it, each analysed on its own (JLS 14.20.2).
    List<Jump<F>> crossing = new ArrayList<>(frame.jumps.subList(mark, frame.jumps.size()));
    while (frame.jumps.size() > mark) {
      frame.jumps.remove(frame.jumps.size() - 1);
    }
    TreePath fp = child(p, fin);
    State<F> excAll = join(uncaught, hf.acc == null ? State.deadState(bottom) : hf.acc, tt, "finexc");
    // Reports come from one pass over every way into the finally block, so that a use there is
    // worded for all of them ("may" when only the return path ended the value).
    State<F> all = join(normal, excAll, fin, "all");
    for (Jump<F> j : crossing) {
      all = join(all, j.state, fin, "all");
    }
    int before = frame.jumps.size();
    joinedFinally++;
    try {
      stmt(fp, all);
    } finally {
      joinedFinally--;
    }
    while (frame.jumps.size() > before) {
      frame.jumps.remove(frame.jumps.size() - 1);
    }
    // Then each exit continues on its own, reporting only losses: a return path's state never
    // mixes into the normal path (JLS 14.20.2).
    lossesOnly++;
    try {
      stmt(fp, normal);
      if (!excAll.dead) {
        stmt(fp, excAll);
        throwEdge(excAll);
      }
      for (Jump<F> j : crossing) {
        State<F> js = j.state;
        stmt(fp, js);
        if (!js.dead) {
          frame.jumps.add(new Jump<>(j.kind, j.target, js, j.jumpTree));
        }
      }
    } finally {
      lossesOnly--;
    }
    s.become(normal);
  }

  private ExecutableElement closeMethod(TypeMirror type) {
    if (!(type instanceof DeclaredType)) {
      return null;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers((TypeElement) ((DeclaredType) type).asElement()))) {
      if (m.getSimpleName().contentEquals("close") && m.getParameters().isEmpty()) {
        return m;
      }
    }
    return null;
  }

  // ====================================================================== conditions (JLS 16.1)

  /** Evaluates a boolean expression into {when true, when false}; {@code s} is consumed. */
  State<F>[] cond(TreePath p, State<F> s) {
    if (s.dead) {
      return pair(s, State.deadState(bottom));
    }
    Tree t = p.getLeaf();
    if (t instanceof ParenthesizedTree) {
      return cond(child(p, ((ParenthesizedTree) t).getExpression()), s);
    }
    if (t instanceof UnaryTree && t.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
      State<F>[] c = cond(child(p, ((UnaryTree) t).getExpression()), s);
      return pair(c[1], c[0]);
    }
    if (t instanceof BinaryTree && (t.getKind() == Tree.Kind.CONDITIONAL_AND || t.getKind() == Tree.Kind.CONDITIONAL_OR)) {
      BinaryTree b = (BinaryTree) t;
      State<F>[] a = cond(child(p, b.getLeftOperand()), s);
      if (t.getKind() == Tree.Kind.CONDITIONAL_AND) {
        State<F>[] r = cond(child(p, b.getRightOperand()), a[0]);
        return pair(r[0], join(a[1], r[1], t, "andF"));
      }
      State<F>[] r = cond(child(p, b.getRightOperand()), a[1]);
      return pair(join(a[0], r[0], t, "orT"), r[1]);
    }
    if (t instanceof LiteralTree && ((LiteralTree) t).getValue() instanceof Boolean) {
      boolean v = (Boolean) ((LiteralTree) t).getValue();
      return v ? pair(s, State.deadState(bottom)) : pair(State.deadState(bottom), s);
    }
    if (t instanceof InstanceOfTree) {
      InstanceOfTree io = (InstanceOfTree) t;
      Val v = expr(child(p, io.getExpression()), s, new Ctx(Use.Kind.INSTANCEOF));
      State<F> whenTrue = s.copy();
      Tree pattern = TreeCompat.instanceOfPattern(io);
      if (pattern != null && !s.dead) {
        bindPattern(child(p, pattern), whenTrue, v);
      }
      return pair(whenTrue, s);
    }
    if (t instanceof ConditionalExpressionTree) {
      ConditionalExpressionTree ce = (ConditionalExpressionTree) t;
      State<F>[] c = cond(child(p, ce.getCondition()), s);
      State<F>[] a = cond(child(p, ce.getTrueExpression()), c[0]);
      State<F>[] b = cond(child(p, ce.getFalseExpression()), c[1]);
      return pair(join(a[0], b[0], t, "condT"), join(a[1], b[1], t, "condF"));
    }
    expr(p, s, new Ctx(Use.Kind.CONDITION));
    return pair(s, s.copy());
  }

  // ====================================================================== expressions (JLS 15)

  /** How the value of an expression is used by its parent. */
  static final class Ctx {
    final Use.Kind kind;
    final ExecutableElement method;
    final Tree call;
    final int argIndex;
    final TypeMirror declaredType;
    final boolean implicit;

    Ctx(Use.Kind kind) {
      this(kind, null, null, -1, null, false);
    }

    Ctx(Use.Kind kind, ExecutableElement method, Tree call, int argIndex, TypeMirror declaredType, boolean implicit) {
      this.kind = kind;
      this.method = method;
      this.call = call;
      this.argIndex = argIndex;
      this.declaredType = declaredType;
      this.implicit = implicit;
    }
  }

  private void use(State<F> s, Val v, Ctx ctx, Tree occurrence, String text) {
    if (v == null || s.dead || ctx == null) {
      return;
    }
    client.use(this, s, v, new Use(ctx.kind, occurrence, text, this, ctx.method, ctx.call, ctx.argIndex, ctx.declaredType, ctx.implicit));
  }

  /** A use whose text is the occurrence as written (read only when a rule reports it). */
  private void use(State<F> s, Val v, Ctx ctx, Tree occurrence) {
    use(s, v, ctx, occurrence, null);
  }

  /** Evaluates {@code p} in {@code s} and returns its value (null when untracked). */
  Val expr(TreePath p, State<F> s, Ctx ctx) {
    if (s.dead) {
      return null;
    }
    Tree t = p.getLeaf();
    if (t instanceof ParenthesizedTree) {
      return expr(child(p, ((ParenthesizedTree) t).getExpression()), s, ctx);
    }
    if (t instanceof TypeCastTree) {
      return expr(child(p, ((TypeCastTree) t).getExpression()), s, ctx);
    }
    if (t instanceof IdentifierTree || t instanceof MemberSelectTree) {
      return read(p, s, ctx);
    }
    if (t instanceof MethodInvocationTree) {
      return invocation(p, s, ctx);
    }
    if (t instanceof NewClassTree) {
      return newClass(p, s, ctx);
    }
    if (t instanceof AssignmentTree) {
      return assignment(p, s, ctx);
    }
    if (t instanceof CompoundAssignmentTree) {
      CompoundAssignmentTree ca = (CompoundAssignmentTree) t;
      Ctx k = t.getKind() == Tree.Kind.PLUS_ASSIGNMENT && isString(child(p, ca.getVariable())) ? new Ctx(Use.Kind.CONCAT) : new Ctx(Use.Kind.OPERAND);
      expr(child(p, ca.getVariable()), s, new Ctx(Use.Kind.OPERAND));
      expr(child(p, ca.getExpression()), s, k);
      overwrite(child(p, ca.getVariable()), s, t);
      return null;
    }
    if (t instanceof UnaryTree) {
      UnaryTree u = (UnaryTree) t;
      if (t.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
        State<F>[] c = cond(p, s);
        s.become(join(c[0], c[1], t, "not"));
        return null;
      }
      expr(child(p, u.getExpression()), s, new Ctx(Use.Kind.OPERAND));
      switch (t.getKind()) {
        case PREFIX_INCREMENT:
        case PREFIX_DECREMENT:
        case POSTFIX_INCREMENT:
        case POSTFIX_DECREMENT:
          overwrite(child(p, u.getExpression()), s, t);
          break;
        default:
          break;
      }
      return null;
    }
    if (t instanceof BinaryTree) {
      if (t.getKind() == Tree.Kind.CONDITIONAL_AND || t.getKind() == Tree.Kind.CONDITIONAL_OR) {
        State<F>[] c = cond(p, s);
        s.become(join(c[0], c[1], t, "bool"));
        return null;
      }
      BinaryTree b = (BinaryTree) t;
      Use.Kind k;
      if (t.getKind() == Tree.Kind.EQUAL_TO || t.getKind() == Tree.Kind.NOT_EQUAL_TO) {
        k = Use.Kind.COMPARE;
      } else if (t.getKind() == Tree.Kind.PLUS && isString(p)) {
        k = Use.Kind.CONCAT;
      } else {
        k = Use.Kind.OPERAND;
      }
      expr(child(p, b.getLeftOperand()), s, new Ctx(k));
      expr(child(p, b.getRightOperand()), s, new Ctx(k));
      return null;
    }
    if (t instanceof InstanceOfTree) {
      State<F>[] c = cond(p, s);
      s.become(join(c[0], c[1], t, "instanceof"));
      return null;
    }
    if (t instanceof ConditionalExpressionTree) {
      return conditional(p, s, ctx);
    }
    if (t instanceof ArrayAccessTree) {
      ArrayAccessTree a = (ArrayAccessTree) t;
      expr(child(p, a.getExpression()), s, new Ctx(Use.Kind.OPERAND));
      expr(child(p, a.getIndex()), s, new Ctx(Use.Kind.OPERAND));
      return null;
    }
    if (t instanceof NewArrayTree) {
      NewArrayTree na = (NewArrayTree) t;
      for (ExpressionTree d : na.getDimensions()) {
        expr(child(p, d), s, new Ctx(Use.Kind.OPERAND));
      }
      if (na.getInitializers() != null) {
        for (ExpressionTree i : na.getInitializers()) {
          expr(child(p, i), s, new Ctx(Use.Kind.STORE_ARRAY));
        }
      }
      return null;
    }
    if (t instanceof LambdaExpressionTree) {
      captures(p, s);
      TypeElement cls = frame.cls;
      later(s, st -> register(p, true, cls, st, false));
      return null;
    }
    if (t instanceof MemberReferenceTree) {
      MemberReferenceTree mr = (MemberReferenceTree) t;
      TreePath qp = child(p, mr.getQualifierExpression());
      if (!isTypeName(qp)) {
        // The referenced method rides along: x::close evaluates x now and calls close() later, so
        // the rules judge it like the call it stands for.
        Element el = trees.getElement(p);
        ExecutableElement m = el instanceof ExecutableElement ? (ExecutableElement) el : null;
        expr(qp, s, new Ctx(Use.Kind.METHOD_REF, m, t, -1, null, false));
      }
      return null;
    }
    if (t instanceof SwitchExpressionTree) {
      SwitchExpressionTree se = (SwitchExpressionTree) t;
      return switchCommon(p, child(p, se.getExpression()), se.getCases(), s, true, ctx);
    }
    return null; // literals, erroneous trees, anything newer: untracked
  }

  private boolean isString(TreePath p) {
    TypeMirror t = trees.getTypeMirror(p);
    return t != null && t.toString().equals("java.lang.String");
  }

  private Val conditional(TreePath p, State<F> s, Ctx ctx) {
    ConditionalExpressionTree ce = (ConditionalExpressionTree) p.getLeaf();
    State<F>[] c = cond(child(p, ce.getCondition()), s);
    Ref tmp = Ref.temp(ce);
    Ctx branch = copyKind(ctx) ? new Ctx(Use.Kind.COPY_LOCAL) : ctx;
    Val a = expr(child(p, ce.getTrueExpression()), c[0], branch);
    if (a != null && !c[0].dead) {
      c[0].put(tmp, a);
    }
    Val b = expr(child(p, ce.getFalseExpression()), c[1], branch);
    if (b != null && !c[1].dead) {
      c[1].put(tmp, b);
    }
    State<F> out = join(c[0], c[1], ce, "cond");
    Val result = out.dead ? null : out.remove(tmp);
    s.become(out);
    if (result != null && copyKind(ctx)) {
      use(s, result, ctx, ce);
    }
    return result;
  }

  /** Runs {@code action} after the current call's effect, or now when not inside call arguments. */
  private void later(State<F> s, Consumer<State<F>> action) {
    if (deferred != null) {
      deferred.add(action);
    } else {
      action.accept(s);
    }
  }

  // ---------------------------------------------------------------------- references

  private static boolean localKind(Element e) {
    if (e == null) {
      return false;
    }
    switch (e.getKind()) {
      case LOCAL_VARIABLE:
      case PARAMETER:
      case EXCEPTION_PARAMETER:
      case RESOURCE_VARIABLE:
      case BINDING_VARIABLE:
        return true;
      default:
        return false;
    }
  }

  private boolean isTypeName(TreePath p) {
    Tree t = p.getLeaf();
    if (!(t instanceof IdentifierTree || t instanceof MemberSelectTree)) {
      return false;
    }
    if (t instanceof IdentifierTree) {
      String n = ((IdentifierTree) t).getName().toString();
      if (n.equals("this") || n.equals("super")) {
        return false;
      }
    }
    Element e = trees.getElement(p);
    return e != null && (e.getKind().isClass() || e.getKind().isInterface() || e.getKind() == ElementKind.PACKAGE);
  }

  private boolean memberOfCurrentClass(Element member) {
    if (frame.cls == null) {
      return false;
    }
    Element owner = member.getEnclosingElement();
    if (!(owner instanceof TypeElement)) {
      return false;
    }
    return types.isSubtype(types.erasure(frame.cls.asType()), types.erasure(owner.asType()));
  }

  /** The tracked reference an expression denotes, or null. No side effects. */
  Ref refOf(TreePath p) {
    Tree t = p.getLeaf();
    if (t instanceof ParenthesizedTree) {
      return refOf(child(p, ((ParenthesizedTree) t).getExpression()));
    }
    if (t instanceof IdentifierTree) {
      String n = ((IdentifierTree) t).getName().toString();
      if (n.equals("this") || n.equals("super")) {
        return Ref.THIS;
      }
      Element e = trees.getElement(p);
      if (localKind(e)) {
        return Ref.local(e);
      }
      if (e != null && e.getKind() == ElementKind.FIELD && !e.getModifiers().contains(Modifier.STATIC) && memberOfCurrentClass(e)) {
        return Ref.THIS.field(e);
      }
      return null;
    }
    if (t instanceof MemberSelectTree) {
      MemberSelectTree ms = (MemberSelectTree) t;
      String id = ms.getIdentifier().toString();
      if (id.equals("this")) {
        Element e = trees.getElement(child(p, ms.getExpression()));
        return frame.cls != null && frame.cls.equals(e) ? Ref.THIS : null;
      }
      Element e = trees.getElement(p);
      if (e != null && e.getKind() == ElementKind.FIELD && !e.getModifiers().contains(Modifier.STATIC)) {
        Ref q = refOf(child(p, ms.getExpression()));
        return q == null ? null : q.field(e);
      }
    }
    return null;
  }

  private Val read(TreePath p, State<F> s, Ctx ctx) {
    Tree t = p.getLeaf();
    if (t instanceof MemberSelectTree) {
      MemberSelectTree ms = (MemberSelectTree) t;
      TreePath qp = child(p, ms.getExpression());
      if (!isTypeName(qp) && !ms.getIdentifier().contentEquals("this") && !ms.getIdentifier().contentEquals("class")) {
        expr(qp, s, new Ctx(Use.Kind.FIELD_READ, null, t, -1, null, false));
      }
    }
    Ref r = refOf(p);
    if (r == null || s.dead) {
      return null;
    }
    Val v = s.env().get(r);
    if (v == null) {
      Origin.Kind k = r.kind() == Ref.Kind.THIS ? Origin.Kind.THIS : r.kind() == Ref.Kind.FIELD ? Origin.Kind.FIELD : Origin.Kind.OPAQUE;
      v = fresh(s, r.kind() == Ref.Kind.LOCAL ? r : t, "read", new Origin(k, t, null, r.element(), -1));
      s.put(r, v);
    }
    use(s, v, ctx, t);
    return v;
  }

  private Val assignment(TreePath p, State<F> s, Ctx ctx) {
    AssignmentTree a = (AssignmentTree) p.getLeaf();
    TreePath vp = child(p, a.getVariable());
    Tree target = a.getVariable();
    while (target instanceof ParenthesizedTree) {
      target = ((ParenthesizedTree) target).getExpression();
      vp = child(vp, target);
    }
    Ref r = refOf(vp);
    Val v;
    if (target instanceof ArrayAccessTree) {
      ArrayAccessTree aa = (ArrayAccessTree) target;
      expr(child(vp, aa.getExpression()), s, new Ctx(Use.Kind.OPERAND));
      expr(child(vp, aa.getIndex()), s, new Ctx(Use.Kind.OPERAND));
      v = expr(child(p, a.getExpression()), s, new Ctx(Use.Kind.STORE_ARRAY));
    } else if (r != null && r.kind() == Ref.Kind.LOCAL) {
      v = expr(child(p, a.getExpression()), s, new Ctx(Use.Kind.COPY_LOCAL));
      if (s.dead) {
        return null;
      }
      if (v == null) {
        v = fresh(s, a, "assign", new Origin(Origin.Kind.OPAQUE, a, null, r.element(), -1));
      }
      assignLocal(s, r, v, a);
    } else {
      if (target instanceof MemberSelectTree) {
        TreePath qp = child(vp, ((MemberSelectTree) target).getExpression());
        if (!isTypeName(qp)) {
          expr(qp, s, new Ctx(Use.Kind.FIELD_READ, null, target, -1, null, false));
        }
      }
      v = expr(child(p, a.getExpression()), s, new Ctx(Use.Kind.STORE_FIELD));
      if (s.dead) {
        return null;
      }
      Element f = trees.getElement(vp);
      if (f != null && f.getKind() == ElementKind.FIELD) {
        dropField(s, f, a);
      }
      if (r != null && v != null) {
        s.put(r, v);
      }
    }
    if (v != null && !copyKind(ctx)) {
      use(s, v, ctx, a);
    }
    return v;
  }

  /** {@code x++}, {@code x += e}: the target holds a new untracked value. */
  private void overwrite(TreePath target, State<F> s, Tree where) {
    Ref r = refOf(target);
    if (r == null || s.dead) {
      return;
    }
    if (r.kind() == Ref.Kind.LOCAL) {
      assignLocal(s, r, fresh(s, where, "assign", new Origin(Origin.Kind.OPAQUE, where, null, r.element(), -1)), where);
    } else if (r.element() != null) {
      dropField(s, r.element(), where);
    }
  }

  // ---------------------------------------------------------------------- calls (JLS 15.12, 15.9)

  private TypeMirror declaredParamType(ExecutableElement m, int i, int argCount, TreePath arg) {
    if (m == null) {
      return null;
    }
    List<? extends VariableElement> ps = m.getParameters();
    if (ps.isEmpty()) {
      return null;
    }
    if (i < ps.size() - 1 || (!m.isVarArgs() && i < ps.size())) {
      return ps.get(i).asType();
    }
    TypeMirror last = ps.get(ps.size() - 1).asType();
    if (!m.isVarArgs()) {
      return null;
    }
    if (argCount == ps.size()) {
      TypeMirror at = trees.getTypeMirror(arg);
      if (at != null && at.getKind() == TypeKind.ARRAY) {
        return last;
      }
    }
    return last instanceof ArrayType ? ((ArrayType) last).getComponentType() : last;
  }

  private List<Val> arguments(TreePath p, List<? extends ExpressionTree> args, ExecutableElement m, Tree call, State<F> s) {
    List<Val> vals = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      TreePath ap = child(p, args.get(i));
      Ctx c = new Ctx(Use.Kind.ARGUMENT, m, call, i, declaredParamType(m, i, args.size(), ap), false);
      vals.add(expr(ap, s, c));
    }
    return vals;
  }

  private Val invocation(TreePath p, State<F> s, Ctx ctx) {
    MethodInvocationTree mi = (MethodInvocationTree) p.getLeaf();
    Element el = trees.getElement(p);
    ExecutableElement m = el instanceof ExecutableElement ? (ExecutableElement) el : null;
    boolean instance = m != null && m.getKind() == ElementKind.METHOD && !m.getModifiers().contains(Modifier.STATIC);
    ExpressionTree sel = mi.getMethodSelect();
    TreePath selPath = child(p, sel);
    Val recv = null;
    String recvText = null;
    Ctx rctx = new Ctx(Use.Kind.RECEIVER, m, mi, -1, null, false);
    if (sel instanceof MemberSelectTree) {
      ExpressionTree q = ((MemberSelectTree) sel).getExpression();
      TreePath qp = child(selPath, q);
      if (!isTypeName(qp)) {
        Val qv = expr(qp, s, instance ? rctx : new Ctx(Use.Kind.OPERAND));
        if (instance) {
          recv = qv;
          recvText = text(q);
        }
      }
    } else if (instance && memberOfCurrentClass(m) && !s.dead) {
      // An unqualified call inside the class is a call on this (JLS 15.12.4.1).
      recv = s.env().get(Ref.THIS);
      recvText = "this";
      use(s, recv, rctx, mi, "this");
    }
    List<Consumer<State<F>>> saved = deferred;
    deferred = new ArrayList<>();
    List<Val> args;
    List<Consumer<State<F>>> mine;
    try {
      args = arguments(p, mi.getArguments(), m, mi, s);
    } finally {
      mine = deferred;
      deferred = saved;
    }
    if (s.dead) {
      return null;
    }
    throwEdge(s);
    if (m != null) {
      client.call(this, s, new Call(mi, m, recv, recvText, args, mi.getArguments(), false));
    }
    for (Consumer<State<F>> d : mine) {
      d.accept(s);
    }
    if (m == null || m.getReturnType().getKind() == TypeKind.VOID || s.dead) {
      return null;
    }
    Val result = fresh(s, mi, "result", new Origin(Origin.Kind.CALL, mi, m, m, -1));
    use(s, result, ctx, mi);
    return result;
  }

  private Val newClass(TreePath p, State<F> s, Ctx ctx) {
    NewClassTree nc = (NewClassTree) p.getLeaf();
    Element el = trees.getElement(p);
    ExecutableElement ctor = el instanceof ExecutableElement ? (ExecutableElement) el : null;
    if (nc.getEnclosingExpression() != null) {
      expr(child(p, nc.getEnclosingExpression()), s, new Ctx(Use.Kind.OPERAND));
    }
    List<Consumer<State<F>>> saved = deferred;
    deferred = new ArrayList<>();
    List<Val> args;
    List<Consumer<State<F>>> mine;
    try {
      args = arguments(p, nc.getArguments(), ctor, nc, s);
    } finally {
      mine = deferred;
      deferred = saved;
    }
    if (nc.getClassBody() != null && !s.dead) {
      // Like a lambda: the body runs later, after the call this object is passed to.
      TreePath cb = child(p, nc.getClassBody());
      captures(cb, s);
      later(s, st -> registerClassMembers(cb, st));
    }
    if (s.dead) {
      return null;
    }
    throwEdge(s);
    if (ctor != null) {
      client.call(this, s, new Call(nc, ctor, null, null, args, nc.getArguments(), false));
    }
    for (Consumer<State<F>> d : mine) {
      d.accept(s);
    }
    Val result = fresh(s, nc, "new", new Origin(Origin.Kind.NEW, nc, ctor, ctor, -1));
    use(s, result, ctx, nc);
    return result;
  }

  // ---------------------------------------------------------------------- lambdas, local and anonymous classes

  /** A capture counts as a use of each captured local (for the rules that care). */
  private void captures(TreePath p, State<F> s) {
    if (s.dead) {
      return;
    }
    Map<Ref, Tree> seen = new LinkedHashMap<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void v) {
        Element e = trees.getElement(getCurrentPath());
        if (localKind(e)) {
          Ref r = Ref.local(e);
          if (s.env().containsKey(r) && !seen.containsKey(r)) {
            seen.put(r, node);
          }
        }
        return null;
      }
    }.scan(p, null);
    for (Map.Entry<Ref, Tree> e : seen.entrySet()) {
      use(s, s.env().get(e.getKey()), new Ctx(Use.Kind.CAPTURE), e.getValue(), e.getKey().display());
    }
  }

  private void registerClass(TreePath classPath, State<F> s) {
    captures(classPath, s);
    registerClassMembers(classPath, s);
  }

  private void registerClassMembers(TreePath classPath, State<F> s) {
    Element ce = trees.getElement(classPath);
    TypeElement cls = ce instanceof TypeElement ? (TypeElement) ce : frame.cls;
    for (Tree member : ((ClassTree) classPath.getLeaf()).getMembers()) {
      TreePath mp = child(classPath, member);
      if (member instanceof MethodTree && ((MethodTree) member).getBody() != null
          || member instanceof BlockTree
          || member instanceof VariableTree && ((VariableTree) member).getInitializer() != null) {
        register(mp, false, cls, s, true);
      } else if (member instanceof ClassTree) {
        registerClassMembers(mp, s);
      }
    }
  }

  /** Queues a nested body with the state it captures; repeated registrations join. */
  private void register(TreePath p, boolean lambda, TypeElement cls, State<F> s, boolean newThis) {
    if (quiet > 0 || lossesOnly > 0 || s.dead) {
      return;
    }
    State<F> entry = new State<>(bottom);
    for (Map.Entry<Ref, Val> e : s.env().entrySet()) {
      Ref r = e.getKey();
      if (r.kind() == Ref.Kind.TEMP || (newThis && r.root().kind() == Ref.Kind.THIS)) {
        continue;
      }
      entry.put(r, e.getValue());
      entry.putFact(e.getValue(), client.captured(s.fact(e.getValue())));
    }
    Nested<F> n = pending.get(p.getLeaf());
    if (n == null) {
      pending.put(p.getLeaf(), new Nested<>(p, lambda, cls, entry));
    } else {
      n.entry = join(n.entry, entry, p.getLeaf(), "capture");
    }
  }
}

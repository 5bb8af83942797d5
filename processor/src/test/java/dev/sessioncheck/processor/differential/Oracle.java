package dev.sessioncheck.processor.differential;

import dev.sessioncheck.processor.differential.Program.Alias;
import dev.sessioncheck.processor.differential.Program.Block;
import dev.sessioncheck.processor.differential.Program.Case;
import dev.sessioncheck.processor.differential.Program.Cond;
import dev.sessioncheck.processor.differential.Program.End;
import dev.sessioncheck.processor.differential.Program.If;
import dev.sessioncheck.processor.differential.Program.Jump;
import dev.sessioncheck.processor.differential.Program.Labeled;
import dev.sessioncheck.processor.differential.Program.Loop;
import dev.sessioncheck.processor.differential.Program.LoopKind;
import dev.sessioncheck.processor.differential.Program.Produce;
import dev.sessioncheck.processor.differential.Program.Regenerate;
import dev.sessioncheck.processor.differential.Program.Stmt;
import dev.sessioncheck.processor.differential.Program.Switch;
import dev.sessioncheck.processor.differential.Program.Try;
import dev.sessioncheck.processor.differential.Program.Use;
import dev.sessioncheck.processor.differential.Program.UseKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The expected diagnostics of one program, computed by enumerating its paths over the generator's
 * own model (no javac tree, no engine class is involved).
 *
 * <p><b>Path state.</b> A path carries which object each variable in (or, after an exception, just
 * out of) scope refers to, and per object: live / ended by terminal call {@code site} / ended and
 * already reported on this path, and whether a {@code @MustCheck} obligation on it is still open.
 * Objects are renumbered canonically and dropped when no variable refers to them, so two paths that
 * reach a point with the same aliasing and the same facts have equal states. Sets of path states are
 * exactly the paths up to that equivalence: the future of a path (what it reports, where it goes)
 * depends only on its state, never on how it got there.
 *
 * <p><b>Loops</b> are unrolled until an iteration brings no state to the loop head that an earlier
 * iteration had not already brought. From then on every further iteration would replay paths already
 * explored from equal states, so the reports of any number of iterations are those of the first
 * {@code k} ones: {@code k} is exact, not a guess. It is also finite: a program has at most
 * {@code V} variables ({@code V} below 30 here: two session parameters plus one local per
 * declaration), so at most {@code V} objects, each in one of {@code 1 + 2·S} end states ({@code S}
 * terminal call sites) times 2 obligation states, and there are finitely many such states; in
 * practice {@code k} is 1 to 4 (a loop body can only add facts to the objects that exist at the head,
 * each fact moves one way — live → ended → reported → ended again by a later site — and new objects
 * made in the body are dropped at the end of the body's scope). {@link #MAX_UNROLL} is a safety net
 * that fails the run rather than returning a truncated answer.
 *
 * <p><b>Semantics</b> (DESIGN.md; where it is silent, docs/rules and the engine's documented
 * decisions):
 *
 * <ul>
 *   <li>use-after-terminal: a use (anything but {@code toString}, {@code hashCode}, an
 *       {@code Object} parameter, {@code ==}, copying into a local; {@code id()} is allowed after
 *       {@code destroy()} only) of an object ended on this path and not yet reported on this path is
 *       reported; the object is then "reported" on this path (no cascade) until a later terminal
 *       call ends it again. The finding says "may" when some path reaching the use has the object
 *       live, and names the smallest line among the ending calls of the paths that report.
 *   <li>unchecked-result: a {@code @MustCheck} result discarded, or a stored one whose last variable
 *       is overwritten or goes out of scope (block end, or a jump leaving the block) while no use
 *       has inspected it, on a path that is still completing normally. Paths that leave the method
 *       by an exception report nothing; a variable whose block was left by an exception that a
 *       {@code catch} then swallowed is treated as going out of scope when that path next leaves
 *       the enclosing block normally (which is when the exception is known to have been caught).
 *   <li>every call may throw; the exception carries the state after the call's receiver and
 *       arguments were read and before the call's effect. {@code catch (RuntimeException)} may
 *       not catch it (an {@code Error}), so the exception also goes on to {@code finally} and out.
 * </ul>
 */
final class Oracle {
  static final int MAX_UNROLL = 64;

  static final int LIVE = 0;
  static final int ENDED = 1;
  static final int REPORTED = 2;

  /** One object's facts on one path. {@code site}: the node that ended it; {@code producer}: -1 or the @MustCheck call. */
  record Obj(int end, int site, boolean allowsId, int producer, boolean open) {}

  /** A canonical path state. */
  record PState(List<String> names, List<Integer> refs, List<Obj> objs) {}

  /** What one use-after-terminal position saw over all paths. */
  static final class UseAcc {
    boolean report;
    boolean live;
    final TreeSet<Integer> sites = new TreeSet<>();
  }

  /** Expected findings, by node: use keys (see {@link #useKey}) and producer ids. */
  final Map<Long, UseAcc> uses = new HashMap<>();
  final Set<Integer> unchecked = new TreeSet<>();

  private final Map<Block, Set<String>> declared = new IdentityHashMap<>();

  /** The most iterations any loop of this program needed before its head closed. */
  int deepestUnroll;

  /** Use key: node id (or do-condition id) times 2 plus operand index. */
  static long useKey(int node, int operand) {
    return (long) node * 2 + operand;
  }

  static Oracle run(Program p) {
    Oracle o = new Oracle();
    Mut init = new Mut();
    init.objs.add(new Obj(LIVE, -1, false, -1, false));
    init.objs.add(new Obj(LIVE, -1, false, -1, false));
    init.env.put("s0", 0);
    init.env.put("s1", 1);
    Set<PState> in = new HashSet<>();
    in.add(init.freeze());
    Out out = o.block(p.body, in);
    Set<PState> exits = new HashSet<>(out.normal);
    exits.addAll(out.returns);
    for (PState s : exits) {
      Mut m = new Mut(s, o);
      for (String n : new ArrayList<>(m.env.keySet())) {
        m.drop(n);
      }
    }
    if (!out.breaks.isEmpty() || !out.conts.isEmpty()) {
      throw new IllegalStateException("jump without target");
    }
    return o;
  }

  // ---------------------------------------------------------------- mutable working state

  private static final class Mut {
    final TreeMap<String, Integer> env = new TreeMap<>();
    final ArrayList<Obj> objs = new ArrayList<>();
    private final Oracle oracle;

    Mut() {
      this.oracle = null;
    }

    Mut(PState s, Oracle oracle) {
      this.oracle = oracle;
      for (int i = 0; i < s.names.size(); i++) {
        env.put(s.names.get(i), s.refs.get(i));
      }
      objs.addAll(s.objs);
    }

    PState freeze() {
      Map<Integer, Integer> renumber = new HashMap<>();
      List<String> names = new ArrayList<>();
      List<Integer> refs = new ArrayList<>();
      List<Obj> os = new ArrayList<>();
      for (Map.Entry<String, Integer> e : env.entrySet()) {
        Integer n = renumber.get(e.getValue());
        if (n == null) {
          n = os.size();
          renumber.put(e.getValue(), n);
          os.add(objs.get(e.getValue()));
        }
        names.add(e.getKey());
        refs.add(n);
      }
      return new PState(List.copyOf(names), List.copyOf(refs), List.copyOf(os));
    }

    Obj obj(String var) {
      Integer i = env.get(var);
      if (i == null) {
        throw new IllegalStateException("unbound " + var + " in " + env);
      }
      return objs.get(i);
    }

    void set(String var, Obj o) {
      objs.set(env.get(var), o);
    }

    /** A read of {@code var} at use position {@code key}; {@code kind} null for {@code ==}. */
    void use(String var, UseKind kind, boolean receiverOfOther, long key) {
      Obj o = obj(var);
      boolean exempt = kind != null && kind.exemptAfterEnd();
      if (kind == null) {
        exempt = true;
      }
      if (!exempt) {
        UseAcc acc = oracle.uses.computeIfAbsent(key, k -> new UseAcc());
        boolean allowed = kind == UseKind.ID && !receiverOfOther && o.allowsId;
        if (o.end == ENDED && !allowed) {
          acc.report = true;
          acc.sites.add(o.site);
          o = new Obj(REPORTED, o.site, o.allowsId, o.producer, o.open);
        } else if (o.end == LIVE) {
          acc.live = true;
        }
      }
      // Every read here is an inspection (copies are not reads: see alias).
      set(var, new Obj(o.end, o.site, o.allowsId, o.producer, false));
    }

    void end(String var, int site, boolean allowsId) {
      Obj o = obj(var);
      set(var, new Obj(ENDED, site, allowsId, o.producer, o.open));
    }

    int fresh(int producer) {
      objs.add(new Obj(LIVE, -1, false, producer, true));
      return objs.size() - 1;
    }

    void bind(String var, int obj) {
      Integer old = env.put(var, obj);
      if (old != null && old != obj) {
        lost(old);
      }
    }

    void drop(String var) {
      Integer old = env.remove(var);
      if (old != null) {
        lost(old);
      }
    }

    private void lost(int obj) {
      if (!env.containsValue(obj) && objs.get(obj).open) {
        oracle.unchecked.add(objs.get(obj).producer);
        Obj o = objs.get(obj);
        objs.set(obj, new Obj(o.end, o.site, o.allowsId, o.producer, false));
      }
    }
  }

  // ---------------------------------------------------------------- outcomes

  /** The states leaving a statement, by the way they leave. */
  private static final class Out {
    Set<PState> normal = new HashSet<>();
    final Set<PState> thrown = new HashSet<>();
    final Set<PState> returns = new HashSet<>();
    final Map<Integer, Set<PState>> breaks = new HashMap<>();
    final Map<Integer, Set<PState>> conts = new HashMap<>();

    /** Everything but the normal exits. */
    void addJumps(Out o) {
      thrown.addAll(o.thrown);
      returns.addAll(o.returns);
      o.breaks.forEach((k, v) -> breaks.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
      o.conts.forEach((k, v) -> conts.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
    }

    Set<PState> takeBreaks(int target) {
      Set<PState> s = breaks.remove(target);
      return s == null ? Set.of() : s;
    }

    Set<PState> takeConts(int target) {
      Set<PState> s = conts.remove(target);
      return s == null ? Set.of() : s;
    }
  }

  // ---------------------------------------------------------------- statements

  private Set<String> declaredIn(Block b) {
    Set<String> d = declared.get(b);
    if (d == null) {
      d = new HashSet<>();
      collect(b, d);
      declared.put(b, d);
    }
    return d;
  }

  private static void collect(Block b, Set<String> d) {
    if (b == null) {
      return;
    }
    for (Stmt s : b.stmts) {
      if (s instanceof Produce p && p.declare) {
        d.add(p.name);
      } else if (s instanceof Regenerate r) {
        d.add(r.name);
      } else if (s instanceof Alias a) {
        d.add(a.name);
      } else if (s instanceof If i) {
        collect(i.then, d);
        collect(i.otherwise, d);
      } else if (s instanceof Loop l) {
        collect(l.body, d);
      } else if (s instanceof Labeled l) {
        collect(l.body, d);
      } else if (s instanceof Switch sw) {
        for (Case c : sw.cases) {
          collect(c.body(), d);
        }
      } else if (s instanceof Try t) {
        collect(t.body, d);
        collect(t.handler, d);
        collect(t.fin, d);
      }
    }
  }

  Out block(Block b, Set<PState> in) {
    Out acc = new Out();
    Set<PState> cur = in;
    for (Stmt s : b.stmts) {
      if (cur.isEmpty()) {
        break;
      }
      Out o = stmt(s, cur);
      acc.addJumps(o);
      cur = o.normal;
    }
    acc.normal = cur;
    // Leaving the block in any way but an exception ends the scope of what it (or a block inside
    // it, left earlier by an exception) declared.
    Set<String> names = declaredIn(b);
    if (!names.isEmpty()) {
      acc.normal = dropAll(acc.normal, names);
      Set<PState> r = dropAll(acc.returns, names);
      acc.returns.clear();
      acc.returns.addAll(r);
      acc.breaks.replaceAll((k, v) -> dropAll(v, names));
      acc.conts.replaceAll((k, v) -> dropAll(v, names));
    }
    return acc;
  }

  private Set<PState> dropAll(Set<PState> states, Set<String> names) {
    Set<PState> out = new HashSet<>();
    for (PState s : states) {
      Mut m = new Mut(s, this);
      for (String n : names) {
        m.drop(n);
      }
      out.add(m.freeze());
    }
    return out;
  }

  private Out stmt(Stmt s, Set<PState> in) {
    if (s instanceof If i) {
      return ifStmt(i, in);
    }
    if (s instanceof Loop l) {
      return loop(l, in);
    }
    if (s instanceof Labeled l) {
      Out o = block(l.body, in);
      o.normal.addAll(o.takeBreaks(l.id));
      return o;
    }
    if (s instanceof Switch sw) {
      return switchStmt(sw, in);
    }
    if (s instanceof Try t) {
      return tryStmt(t, in);
    }
    Out out = new Out();
    for (PState ps : in) {
      simple(s, ps, out);
    }
    return out;
  }

  private void simple(Stmt s, PState ps, Out out) {
    Mut m = new Mut(ps, this);
    long key = useKey(s.id, 0);
    if (s instanceof Use u) {
      m.use(u.var, u.kind, false, key);
      out.thrown.add(m.freeze());
    } else if (s instanceof End e) {
      m.use(e.var, UseKind.GET, true, key);
      out.thrown.add(m.freeze());
      switch (e.kind) {
        case DESTROY_CB, RELEASE -> m.end(e.var, e.id, false);
        case DESTROY_DISCARD -> {
          m.end(e.var, e.id, true);
          unchecked.add(e.id);
        }
        case REGENERATE_DISCARD -> {
          m.end(e.var, e.id, false);
          unchecked.add(e.id);
        }
        case SAVE_DISCARD -> unchecked.add(e.id);
      }
    } else if (s instanceof Produce p) {
      m.use(p.recv, UseKind.GET, true, key);
      out.thrown.add(m.freeze());
      if (p.destroy) {
        m.end(p.recv, p.id, true);
      }
      m.bind(p.name, m.fresh(p.id));
    } else if (s instanceof Regenerate r) {
      m.use(r.recv, UseKind.GET, true, key);
      out.thrown.add(m.freeze());
      m.end(r.recv, r.id, false);
      m.bind(r.name, m.fresh(r.id));
    } else if (s instanceof Alias a) {
      m.bind(a.name, m.env.get(a.src));
    } else if (s instanceof Jump j) {
      out.normal.add(ps);
      switch (j.kind) {
        case RETURN -> out.returns.add(ps);
        case THROW -> out.thrown.add(ps);
        case BREAK -> out.breaks.computeIfAbsent(j.target, k -> new HashSet<>()).add(ps);
        case CONTINUE -> out.conts.computeIfAbsent(j.target, k -> new HashSet<>()).add(ps);
      }
      return;
    } else {
      throw new AssertionError(s);
    }
    out.normal.add(m.freeze());
  }

  /** [when true, when false]; exceptions of the condition go to {@code out}. */
  private List<Set<PState>> cond(Cond c, int node, Set<PState> in, Out out) {
    if (c == null || c.param() >= 0) {
      return List.of(in, in);
    }
    Set<PState> next = new HashSet<>();
    for (PState ps : in) {
      Mut m = new Mut(ps, this);
      if (c.okVar() != null) {
        m.use(c.okVar(), UseKind.OK, false, useKey(node, 0));
        out.thrown.add(m.freeze());
      } else {
        m.use(c.left(), null, false, useKey(node, 0));
        m.use(c.right(), null, false, useKey(node, 1));
      }
      next.add(m.freeze());
    }
    return List.of(next, next);
  }

  private Out ifStmt(If i, Set<PState> in) {
    Out out = new Out();
    List<Set<PState>> c = cond(i.cond, i.id, in, out);
    Out t = block(i.then, c.get(0));
    out.addJumps(t);
    Set<PState> normal = new HashSet<>(t.normal);
    if (i.otherwise != null) {
      Out e = block(i.otherwise, c.get(1));
      out.addJumps(e);
      normal.addAll(e.normal);
    } else {
      normal.addAll(c.get(1));
    }
    out.normal = normal;
    return out;
  }

  private Out loop(Loop l, Set<PState> in) {
    Out out = new Out();
    Set<PState> seen = new HashSet<>();
    Set<PState> frontier = new HashSet<>(in);
    int condNode = l.kind == LoopKind.DO ? l.id + Renderer.DO_COND : l.id;
    for (int iteration = 0; ; iteration++) {
      frontier.removeAll(seen);
      if (frontier.isEmpty()) {
        break;
      }
      if (iteration > MAX_UNROLL) {
        throw new IllegalStateException("loop " + l.id + " did not close after " + MAX_UNROLL + " unrollings");
      }
      seen.addAll(frontier);
      deepestUnroll = Math.max(deepestUnroll, iteration + 1);
      Set<PState> next = new HashSet<>();
      if (l.kind == LoopKind.DO) {
        Out b = block(l.body, frontier);
        Set<PState> after = new HashSet<>(b.normal);
        after.addAll(b.takeConts(l.id));
        out.normal.addAll(b.takeBreaks(l.id));
        out.addJumps(b);
        List<Set<PState>> c = cond(l.cond, condNode, after, out);
        next.addAll(c.get(0));
        out.normal.addAll(c.get(1));
      } else {
        List<Set<PState>> c = cond(l.cond, condNode, frontier, out);
        out.normal.addAll(c.get(1));
        Out b = block(l.body, c.get(0));
        next.addAll(b.normal);
        next.addAll(b.takeConts(l.id));
        out.normal.addAll(b.takeBreaks(l.id));
        out.addJumps(b);
      }
      frontier = next;
    }
    return out;
  }

  private Out switchStmt(Switch sw, Set<PState> in) {
    Out out = new Out();
    Set<PState> fall = new HashSet<>();
    Set<PState> normal = new HashSet<>();
    for (Case c : sw.cases) {
      Set<PState> start = new HashSet<>(in);
      if (!sw.arrow) {
        start.addAll(fall);
      }
      Out o = block(c.body(), start);
      out.addJumps(o);
      if (sw.arrow || c.breakAfter()) {
        normal.addAll(o.normal);
        fall = new HashSet<>();
      } else {
        fall = o.normal;
      }
    }
    normal.addAll(fall);
    if (!sw.hasDefault()) {
      normal.addAll(in);
    }
    normal.addAll(out.takeBreaks(sw.id));
    out.normal = normal;
    return out;
  }

  private Out tryStmt(Try t, Set<PState> in) {
    Out body = block(t.body, in);
    Out mid = new Out();
    mid.addJumps(body);
    mid.thrown.clear();
    Set<PState> normal = new HashSet<>(body.normal);
    Set<PState> exc = new HashSet<>(body.thrown);
    if (t.handler != null) {
      Out h = block(t.handler, body.thrown);
      mid.addJumps(h);
      normal.addAll(h.normal);
    }
    exc.addAll(mid.thrown);
    if (t.fin == null) {
      mid.thrown.clear();
      mid.thrown.addAll(exc);
      mid.normal = normal;
      return mid;
    }
    Out out = new Out();
    Out fn = block(t.fin, normal);
    out.addJumps(fn);
    out.normal = new HashSet<>(fn.normal);
    Out fe = block(t.fin, exc);
    out.addJumps(fe);
    out.thrown.addAll(fe.normal);
    Out fr = block(t.fin, mid.returns);
    out.addJumps(fr);
    out.returns.addAll(fr.normal);
    for (Map.Entry<Integer, Set<PState>> e : mid.breaks.entrySet()) {
      Out fb = block(t.fin, e.getValue());
      out.addJumps(fb);
      out.breaks.computeIfAbsent(e.getKey(), x -> new HashSet<>()).addAll(fb.normal);
    }
    for (Map.Entry<Integer, Set<PState>> e : mid.conts.entrySet()) {
      Out fc = block(t.fin, e.getValue());
      out.addJumps(fc);
      out.conts.computeIfAbsent(e.getKey(), x -> new HashSet<>()).addAll(fc.normal);
    }
    return out;
  }

  /** Sorted, for printing. */
  static Set<String> describe(Oracle o) {
    Set<String> out = new LinkedHashSet<>();
    o.uses.forEach((k, v) -> out.add(k + "=" + v.report + "/" + v.live + v.sites));
    out.add("unchecked=" + o.unchecked);
    return out;
  }
}

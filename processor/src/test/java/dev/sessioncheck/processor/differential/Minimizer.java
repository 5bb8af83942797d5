package dev.sessioncheck.processor.differential;

import dev.sessioncheck.processor.differential.Program.Alias;
import dev.sessioncheck.processor.differential.Program.Block;
import dev.sessioncheck.processor.differential.Program.Case;
import dev.sessioncheck.processor.differential.Program.Cond;
import dev.sessioncheck.processor.differential.Program.End;
import dev.sessioncheck.processor.differential.Program.If;
import dev.sessioncheck.processor.differential.Program.Jump;
import dev.sessioncheck.processor.differential.Program.JumpKind;
import dev.sessioncheck.processor.differential.Program.Labeled;
import dev.sessioncheck.processor.differential.Program.Loop;
import dev.sessioncheck.processor.differential.Program.Produce;
import dev.sessioncheck.processor.differential.Program.Regenerate;
import dev.sessioncheck.processor.differential.Program.Stmt;
import dev.sessioncheck.processor.differential.Program.Switch;
import dev.sessioncheck.processor.differential.Program.Try;
import dev.sessioncheck.processor.differential.Program.Use;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Delta debugging over the statement tree: each round tries every single edit (delete a statement,
 * or replace a compound statement by the statements of one of its blocks), keeps only the edits that
 * still compile (variables in scope, jump targets enclosing the jump), checks them all in one
 * compilation, and continues from the smallest candidate that still disagrees with the oracle.
 */
final class Minimizer {
  private Minimizer() {}

  private static final int MAX_ROUNDS = 60;

  static Program minimize(Program p, Function<List<Program>, List<Program>> stillFailing) {
    Program best = p;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<Program> candidates = new ArrayList<>();
      for (Block b : edits(best.body)) {
        if (valid(b)) {
          candidates.add(new Program(candidates.size(), best.seed, b));
        }
      }
      if (candidates.isEmpty()) {
        break;
      }
      List<Program> failing = stillFailing.apply(candidates);
      if (failing.isEmpty()) {
        break;
      }
      Program next = failing.stream().min(Comparator.comparingInt(x -> size(x.body))).get();
      best = new Program(p.index, p.seed, next.body);
    }
    return best;
  }

  static int size(Block b) {
    int n = 0;
    for (Stmt s : b.stmts) {
      n++;
      for (Block c : children(s)) {
        n += size(c);
      }
    }
    return n;
  }

  private static List<Block> children(Stmt s) {
    List<Block> out = new ArrayList<>();
    if (s instanceof If i) {
      out.add(i.then);
      if (i.otherwise != null) {
        out.add(i.otherwise);
      }
    } else if (s instanceof Loop l) {
      out.add(l.body);
    } else if (s instanceof Labeled l) {
      out.add(l.body);
    } else if (s instanceof Switch sw) {
      for (Case c : sw.cases) {
        out.add(c.body());
      }
    } else if (s instanceof Try t) {
      out.add(t.body);
      if (t.handler != null) {
        out.add(t.handler);
      }
      if (t.fin != null) {
        out.add(t.fin);
      }
    }
    return out;
  }

  /** Every block obtained by one edit somewhere in {@code b}. */
  private static List<Block> edits(Block b) {
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < b.stmts.size(); i++) {
      Stmt s = b.stmts.get(i);
      out.add(splice(b, i, List.of()));
      for (Block c : children(s)) {
        out.add(splice(b, i, c.stmts));
      }
      // Edits inside the statement's own blocks.
      List<Block> kids = children(s);
      for (int k = 0; k < kids.size(); k++) {
        for (Block edited : edits(kids.get(k))) {
          out.add(splice(b, i, List.of(replaceChild(s, k, edited))));
        }
      }
      // Fewer cases in a switch.
      if (s instanceof Switch sw && sw.cases.size() > 1) {
        for (int c = 0; c < sw.cases.size(); c++) {
          List<Case> cs = new ArrayList<>(sw.cases);
          cs.remove(c);
          out.add(splice(b, i, List.of(new Switch(sw.id, sw.arrow, cs))));
        }
      }
    }
    return out;
  }

  private static Block splice(Block b, int i, List<Stmt> with) {
    List<Stmt> out = new ArrayList<>(b.stmts.subList(0, i));
    out.addAll(with);
    out.addAll(b.stmts.subList(i + 1, b.stmts.size()));
    return new Block(out);
  }

  private static Stmt replaceChild(Stmt s, int k, Block nb) {
    if (s instanceof If i) {
      return k == 0 ? new If(i.id, i.cond, nb, i.otherwise) : new If(i.id, i.cond, i.then, nb);
    }
    if (s instanceof Loop l) {
      return new Loop(l.id, l.kind, l.label, l.cond, nb);
    }
    if (s instanceof Labeled l) {
      return new Labeled(l.id, l.label, nb);
    }
    if (s instanceof Switch sw) {
      List<Case> cs = new ArrayList<>(sw.cases);
      Case c = cs.get(k);
      cs.set(k, new Case(c.value(), nb, c.breakAfter()));
      return new Switch(sw.id, sw.arrow, cs);
    }
    Try t = (Try) s;
    List<Block> kids = children(t);
    Block body = kids.get(0) == null ? null : (k == 0 ? nb : t.body);
    Block handler = t.handler;
    Block fin = t.fin;
    if (k == 1 && t.handler != null) {
      handler = nb;
    } else if (k == 1 || k == 2) {
      fin = nb;
    }
    return new Try(t.id, body, handler, fin);
  }

  // ---------------------------------------------------------------- validity (what javac accepts)

  private record Target(int id, boolean loop, boolean breakable, String label) {}

  static boolean valid(Block b) {
    return block(b, new HashSet<>(Set.of("s0", "s1")), new ArrayDeque<>());
  }

  private static boolean block(Block b, Set<String> outer, Deque<Target> targets) {
    Set<String> vars = new HashSet<>(outer);
    for (Stmt s : b.stmts) {
      if (!stmt(s, vars, targets)) {
        return false;
      }
    }
    return true;
  }

  private static boolean cond(Cond c, Set<String> vars) {
    if (c == null || c.param() >= 0) {
      return true;
    }
    if (c.okVar() != null) {
      return vars.contains(c.okVar());
    }
    return vars.contains(c.left()) && vars.contains(c.right());
  }

  private static boolean stmt(Stmt s, Set<String> vars, Deque<Target> targets) {
    if (s instanceof Use u) {
      return vars.contains(u.var);
    }
    if (s instanceof End e) {
      return vars.contains(e.var);
    }
    if (s instanceof Produce p) {
      if (!vars.contains(p.recv) || (!p.declare && !vars.contains(p.name))) {
        return false;
      }
      vars.add(p.name);
      return true;
    }
    if (s instanceof Regenerate r) {
      vars.add(r.name);
      return vars.contains(r.recv);
    }
    if (s instanceof Alias a) {
      vars.add(a.name);
      return vars.contains(a.src);
    }
    if (s instanceof Jump j) {
      if (j.kind == JumpKind.RETURN || j.kind == JumpKind.THROW) {
        return true;
      }
      for (Target t : targets) {
        boolean fits = j.kind == JumpKind.BREAK
            ? (j.label != null ? j.label.equals(t.label) : t.breakable)
            : t.loop && (j.label == null || j.label.equals(t.label));
        if (fits) {
          return t.id == j.target;
        }
      }
      return false;
    }
    if (s instanceof If i) {
      return cond(i.cond, vars) && block(i.then, vars, targets) && (i.otherwise == null || block(i.otherwise, vars, targets));
    }
    if (s instanceof Loop l) {
      if (!cond(l.cond, vars)) {
        return false;
      }
      targets.push(new Target(l.id, true, true, l.label));
      boolean ok = block(l.body, vars, targets);
      targets.pop();
      return ok;
    }
    if (s instanceof Labeled l) {
      targets.push(new Target(l.id, false, false, l.label));
      boolean ok = block(l.body, vars, targets);
      targets.pop();
      return ok;
    }
    if (s instanceof Switch sw) {
      targets.push(new Target(sw.id, false, true, null));
      boolean ok = true;
      for (Case c : sw.cases) {
        ok &= block(c.body(), vars, targets);
      }
      targets.pop();
      return ok;
    }
    Try t = (Try) s;
    return block(t.body, vars, targets)
        && (t.handler == null || block(t.handler, vars, targets))
        && (t.fin == null || block(t.fin, vars, targets));
  }
}

package dev.sessioncheck.processor.differential;

import dev.sessioncheck.processor.differential.Program.Alias;
import dev.sessioncheck.processor.differential.Program.Block;
import dev.sessioncheck.processor.differential.Program.Case;
import dev.sessioncheck.processor.differential.Program.Cond;
import dev.sessioncheck.processor.differential.Program.End;
import dev.sessioncheck.processor.differential.Program.EndKind;
import dev.sessioncheck.processor.differential.Program.If;
import dev.sessioncheck.processor.differential.Program.Jump;
import dev.sessioncheck.processor.differential.Program.JumpKind;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random method bodies inside the fragment the engine claims to handle exactly: locals and
 * parameters only (no fields, arrays, collections, helpers, lambdas), results reassigned and
 * aliased (but an aliased result is not reassigned afterwards), sessions aliased by declaration
 * (a session variable is never reassigned). So which variables share a value never depends on the
 * path, and the documented must-alias limitation (a variable holding different values on different
 * paths gets a merged value of its own) is out of reach. Every jump is guarded by a condition so
 * that the source always compiles (JLS 14.22).
 *
 * <p>Program {@code i} of seed {@code s} is generated from {@code new SplittableRandom(s ^ mix(i))}
 * alone, so any single program can be regenerated from the seed and its index.
 */
final class Generator {
  private final SplittableRandom rnd;
  private int nextId = 1;
  private int budget;
  private final int maxDepth;

  private enum TargetKind {
    LOOP,
    SWITCH,
    LABEL
  }

  private record Target(int id, TargetKind kind, String label) {}

  private final Deque<Target> targets = new ArrayDeque<>();

  /**
   * Result variables that were copied or are copies: never reassigned afterwards. Reassigning one
   * of two aliases on some paths only (or on a later loop iteration) makes the variable refer to
   * different values on different paths, where the engine keeps only must-aliases (DESIGN.md:
   * a merged value), a documented limitation: outside the fragment the oracle is exact for.
   */
  private final java.util.Set<String> aliased = new java.util.HashSet<>();

  private Generator(SplittableRandom rnd, int budget, int maxDepth) {
    this.rnd = rnd;
    this.budget = budget;
    this.maxDepth = maxDepth;
  }

  static Program generate(long seed, int index) {
    SplittableRandom rnd = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
    // Mostly small programs, so that a mismatch is already close to minimal; some larger ones.
    int budget = rnd.nextInt(10) < 7 ? 3 + rnd.nextInt(8) : 10 + rnd.nextInt(16);
    int depth = 1 + rnd.nextInt(3);
    Generator g = new Generator(rnd, budget, depth);
    Scope scope = new Scope(new ArrayList<>(List.of("s0", "s1")), new ArrayList<>());
    return new Program(index, seed, g.block(scope, 0, true));
  }

  /** Variables visible at a point; a nested block gets a copy. */
  private record Scope(List<String> sessions, List<String> results) {
    Scope copy() {
      return new Scope(new ArrayList<>(sessions), new ArrayList<>(results));
    }
  }

  private Block block(Scope outer, int depth, boolean top) {
    Scope scope = outer.copy();
    List<Stmt> out = new ArrayList<>();
    int n = top ? Math.max(1, budget) : 1 + rnd.nextInt(3);
    for (int i = 0; i < n && budget > 0; i++) {
      out.add(stmt(scope, depth));
    }
    return new Block(out);
  }

  private int id() {
    return nextId++;
  }

  private <T> T pick(List<T> xs) {
    return xs.get(rnd.nextInt(xs.size()));
  }

  private Cond cond(Scope scope) {
    int r = rnd.nextInt(10);
    if (r < 2 && !scope.results.isEmpty()) {
      return Cond.ok(pick(scope.results));
    }
    if (r < 3) {
      return Cond.same(pick(scope.sessions), pick(scope.sessions));
    }
    return Cond.param(rnd.nextInt(3));
  }

  private Stmt stmt(Scope scope, int depth) {
    budget--;
    int id = id();
    boolean nest = depth < maxDepth;
    while (true) {
      int r = rnd.nextInt(100);
      if (r < 22) {
        UseKind k = pick(List.of(UseKind.ID, UseKind.ID, UseKind.GET, UseKind.SET, UseKind.TO_STRING, UseKind.HASH_CODE, UseKind.OBJECTS_HASH));
        return new Use(id, pick(scope.sessions), k);
      }
      if (r < 34) {
        return new End(id, pick(scope.sessions), pick(List.of(EndKind.values())));
      }
      if (r < 42) {
        String name = "r" + id;
        Stmt s = new Produce(id, name, pick(scope.sessions), rnd.nextInt(3) == 0, true);
        scope.results.add(name);
        return s;
      }
      if (r < 47) {
        List<String> free = scope.results.stream().filter(x -> !aliased.contains(x)).toList();
        if (!free.isEmpty()) {
          return new Produce(id, pick(free), pick(scope.sessions), rnd.nextInt(3) == 0, false);
        }
      }
      if (r < 50) {
        String name = "a" + id;
        Stmt s = new Regenerate(id, name, pick(scope.sessions));
        scope.sessions.add(name);
        return s;
      }
      if (r < 55) {
        String name = "a" + id;
        Stmt s = new Alias(id, name, pick(scope.sessions), true);
        scope.sessions.add(name);
        return s;
      }
      if (r < 58 && !scope.results.isEmpty()) {
        String name = "r" + id;
        String src = pick(scope.results);
        Stmt s = new Alias(id, name, src, false);
        scope.results.add(name);
        aliased.add(src);
        aliased.add(name);
        return s;
      }
      if (r < 66 && !scope.results.isEmpty()) {
        return new Use(id, pick(scope.results), pick(List.of(UseKind.OK, UseKind.OK, UseKind.TO_STRING, UseKind.OBJECTS_HASH)));
      }
      if (r < 73) {
        Stmt j = jump(id);
        if (j != null) {
          return j;
        }
        continue;
      }
      if (!nest) {
        continue;
      }
      if (r < 81) {
        Cond c = cond(scope);
        Block then = block(scope, depth + 1, false);
        Block otherwise = rnd.nextBoolean() ? block(scope, depth + 1, false) : null;
        return new If(id, c, then, otherwise);
      }
      if (r < 88) {
        LoopKind kind = pick(List.of(LoopKind.values()));
        String label = rnd.nextInt(3) == 0 ? "L" + id : null;
        Cond c = kind == LoopKind.FOR ? null : cond(scope);
        targets.push(new Target(id, TargetKind.LOOP, label));
        Block body = block(scope, depth + 1, false);
        targets.pop();
        return new Loop(id, kind, label, c, body);
      }
      if (r < 90) {
        String label = "L" + id;
        targets.push(new Target(id, TargetKind.LABEL, label));
        Block body = block(scope, depth + 1, false);
        targets.pop();
        return new Labeled(id, label, body);
      }
      if (r < 94) {
        boolean arrow = rnd.nextBoolean();
        int n = 1 + rnd.nextInt(3);
        List<Case> cases = new ArrayList<>();
        targets.push(new Target(id, TargetKind.SWITCH, null));
        for (int i = 0; i < n; i++) {
          boolean isDefault = i == n - 1 && rnd.nextBoolean();
          cases.add(new Case(isDefault ? null : i, block(scope, depth + 1, false), rnd.nextBoolean()));
        }
        targets.pop();
        return new Switch(id, arrow, cases);
      }
      Block body = block(scope, depth + 1, false);
      int shape = rnd.nextInt(3);
      Block handler = shape != 1 ? block(scope, depth + 1, false) : null;
      Block fin = shape != 0 ? block(scope, depth + 1, false) : null;
      return new Try(id, body, handler, fin);
    }
  }

  /** A guarded jump to a target in reach, or null when the chosen kind has none. */
  private Stmt jump(int id) {
    int c = rnd.nextInt(3);
    int r = rnd.nextInt(10);
    if (r < 2) {
      return new Jump(id, c, JumpKind.RETURN, -1, null);
    }
    if (r < 3) {
      return new Jump(id, c, JumpKind.THROW, -1, null);
    }
    boolean isBreak = r < 7;
    boolean labelled = rnd.nextBoolean();
    List<Target> ok = new ArrayList<>();
    for (Target t : targets) {
      if (isBreak) {
        if (labelled ? t.label != null : t.kind != TargetKind.LABEL) {
          ok.add(t);
        }
      } else if (t.kind == TargetKind.LOOP && (!labelled || t.label != null)) {
        ok.add(t);
      }
      if (!labelled && !ok.isEmpty()) {
        break; // an unlabelled jump goes to the innermost candidate
      }
    }
    if (ok.isEmpty()) {
      return null;
    }
    Target t = labelled ? pick(ok) : ok.get(0);
    return new Jump(id, c, isBreak ? JumpKind.BREAK : JumpKind.CONTINUE, t.id, labelled ? t.label : null);
  }
}

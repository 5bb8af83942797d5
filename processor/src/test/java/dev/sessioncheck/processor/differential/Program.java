package dev.sessioncheck.processor.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * The generator's model of one random method body. The oracle interprets this model, never javac's
 * trees, so the two sides of the differential test share nothing but the source text.
 *
 * <p>Every node carries an id that is unique within its program; the renderer writes it as a
 * trailing {@code // @program:id} comment on the node's line, which is how diagnostics are mapped
 * back to nodes. Each node fits on one line, so a line names one node.
 *
 * <p>Variables: parameters {@code s0}, {@code s1} (sessions), {@code cb} (a callback), {@code c0..c2}
 * (opaque conditions), {@code k} (switch selector); locals declared by the program have fresh names
 * ({@code a<id>} sessions, {@code r<id>} results) and are never re-declared.
 */
final class Program {
  final int index;
  final long seed;
  final Block body;

  Program(int index, long seed, Block body) {
    this.index = index;
    this.seed = seed;
    this.body = body;
  }

  /** How a value is read. */
  enum UseKind {
    ID("id()", false),
    GET("get(\"k\")", false),
    SET("set(\"k\", \"v\")", false),
    TO_STRING("toString()", false),
    HASH_CODE("hashCode()", false),
    /** {@code Objects.hashCode(x)}: an argument whose declared type is Object. */
    OBJECTS_HASH(null, false),
    /** {@code r.ok()} on a result. */
    OK("ok()", true);

    final String call;
    final boolean resultOnly;

    UseKind(String call, boolean resultOnly) {
      this.call = call;
      this.resultOnly = resultOnly;
    }

    /** Not a use for use-after-terminal (DESIGN.md: Object's methods, Object parameters). */
    boolean exemptAfterEnd() {
      return this == TO_STRING || this == HASH_CODE || this == OBJECTS_HASH;
    }
  }

  /** How a value is ended (or a result produced). */
  enum EndKind {
    /** {@code a.destroy(cb);} */
    DESTROY_CB,
    /** {@code Sessions.release(a);} */
    RELEASE,
    /** {@code a.destroy();} the @MustCheck result is discarded; allowAfter id. */
    DESTROY_DISCARD,
    /** {@code a.regenerate();} the @MustCheck new session is discarded. */
    REGENERATE_DISCARD,
    /** {@code a.save();} ends nothing; the @MustCheck result is discarded. */
    SAVE_DISCARD
  }

  enum JumpKind {
    RETURN,
    THROW,
    BREAK,
    CONTINUE
  }

  /** A condition: {@code c<n>}, {@code r.ok()} or {@code a == b}. */
  record Cond(int param, String okVar, String left, String right) {
    static Cond param(int n) {
      return new Cond(n, null, null, null);
    }

    static Cond ok(String var) {
      return new Cond(-1, var, null, null);
    }

    static Cond same(String l, String r) {
      return new Cond(-1, null, l, r);
    }
  }

  abstract static class Node {
    final int id;

    Node(int id) {
      this.id = id;
    }
  }

  abstract static class Stmt extends Node {
    Stmt(int id) {
      super(id);
    }
  }

  /** A braced block: the scope of the locals declared directly in it. */
  static final class Block {
    final List<Stmt> stmts;

    Block(List<Stmt> stmts) {
      this.stmts = stmts;
    }

    static Block empty() {
      return new Block(new ArrayList<>());
    }
  }

  /** {@code v.m();} or {@code Objects.hashCode(v);} */
  static final class Use extends Stmt {
    final String var;
    final UseKind kind;

    Use(int id, String var, UseKind kind) {
      super(id);
      this.var = var;
      this.kind = kind;
    }
  }

  /** A terminal call or a discarded @MustCheck result on session {@code var}. */
  static final class End extends Stmt {
    final String var;
    final EndKind kind;

    End(int id, String var, EndKind kind) {
      super(id);
      this.var = var;
      this.kind = kind;
    }
  }

  /**
   * {@code Result name = recv.save();} / {@code recv.destroy()} (declaration), or the same as an
   * assignment to an existing result variable.
   */
  static final class Produce extends Stmt {
    final String name;
    final String recv;
    final boolean destroy;
    final boolean declare;

    Produce(int id, String name, String recv, boolean destroy, boolean declare) {
      super(id);
      this.name = name;
      this.recv = recv;
      this.destroy = destroy;
      this.declare = declare;
    }
  }

  /** {@code Session name = recv.regenerate();} */
  static final class Regenerate extends Stmt {
    final String name;
    final String recv;

    Regenerate(int id, String name, String recv) {
      super(id);
      this.name = name;
      this.recv = recv;
    }
  }

  /** {@code Session name = src;} or {@code Result name = src;} */
  static final class Alias extends Stmt {
    final String name;
    final String src;
    final boolean session;

    Alias(int id, String name, String src, boolean session) {
      super(id);
      this.name = name;
      this.src = src;
      this.session = session;
    }
  }

  /**
   * {@code if (c<n>) return;} (or throw / break / continue). Always guarded, so no statement is
   * ever unreachable (JLS 14.22) whatever follows.
   */
  static final class Jump extends Stmt {
    final int cond;
    final JumpKind kind;
    /** The id of the break / continue target, -1 for return and throw. */
    final int target;
    /** The label written, or null for an unlabelled break / continue. */
    final String label;

    Jump(int id, int cond, JumpKind kind, int target, String label) {
      super(id);
      this.cond = cond;
      this.kind = kind;
      this.target = target;
      this.label = label;
    }
  }

  static final class If extends Stmt {
    final Cond cond;
    final Block then;
    final Block otherwise;

    If(int id, Cond cond, Block then, Block otherwise) {
      super(id);
      this.cond = cond;
      this.then = then;
      this.otherwise = otherwise;
    }
  }

  enum LoopKind {
    WHILE,
    DO,
    FOR
  }

  static final class Loop extends Stmt {
    final LoopKind kind;
    final String label;
    final Cond cond;
    final Block body;

    Loop(int id, LoopKind kind, String label, Cond cond, Block body) {
      super(id);
      this.kind = kind;
      this.label = label;
      this.cond = cond;
      this.body = body;
    }
  }

  /** {@code L<id>: { ... }} */
  static final class Labeled extends Stmt {
    final String label;
    final Block body;

    Labeled(int id, String label, Block body) {
      super(id);
      this.label = label;
      this.body = body;
    }
  }

  /** One case: {@code value} null for default; {@code breakAfter}: a plain {@code break;} ends it. */
  record Case(Integer value, Block body, boolean breakAfter) {}

  /** {@code switch (k)}, colon form (fall-through, optional break) or arrow form. */
  static final class Switch extends Stmt {
    final boolean arrow;
    final List<Case> cases;

    Switch(int id, boolean arrow, List<Case> cases) {
      super(id);
      this.arrow = arrow;
      this.cases = cases;
    }

    boolean hasDefault() {
      return cases.stream().anyMatch(c -> c.value() == null);
    }
  }

  /** {@code try { } catch (RuntimeException e) { } finally { }}; catch and finally each optional. */
  static final class Try extends Stmt {
    final Block body;
    final Block handler;
    final Block fin;

    Try(int id, Block body, Block handler, Block fin) {
      super(id);
      this.body = body;
      this.handler = handler;
      this.fin = fin;
    }
  }
}

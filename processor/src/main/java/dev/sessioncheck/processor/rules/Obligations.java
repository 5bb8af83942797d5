package dev.sessioncheck.processor.rules;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import dev.sessioncheck.processor.flow.Body;
import dev.sessioncheck.processor.flow.Call;
import dev.sessioncheck.processor.flow.Flow;
import dev.sessioncheck.processor.flow.FlowClient;
import dev.sessioncheck.processor.flow.Origin;
import dev.sessioncheck.processor.flow.Ref;
import dev.sessioncheck.processor.flow.State;
import dev.sessioncheck.processor.flow.Use;
import dev.sessioncheck.processor.flow.Val;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The obligation lattice shared by {@code unchecked-result} (a {@code @MustCheck} call's result) and
 * {@code unchecked-error} (a callback's error parameter): per value, the set of obligations still
 * open on some path. Any inspection discharges them; copying into a local only moves them; losing
 * the last reference (overwrite, end of scope, normal exit) or discarding the value reports them.
 * Exceptional exits report nothing (the engine does not call back there).
 *
 * <p>A modelled result with {@code checkedBy} methods ({@code File#delete} checked by {@code
 * exists}) that is discarded while a tracked reference holds the call's receiver does not fail at
 * once: the obligation moves onto the receiver ({@link ReceiverOb}) and is met by a later call of
 * one of those methods on it, or by the receiver escaping where someone else may ask (an argument,
 * a return, a field or array store, a capture); it is reported, still at the call, when the
 * receiver is lost on a normal path first. Since losses on exceptional exits are never reported,
 * best-effort cleanup on a path that only leaves by throwing ({@code temp.delete(); throw e;}) is
 * silent by construction, which is the intent: the real error is on its way out.
 */
final class Obligations implements FlowClient<Set<Obligations.Ob>> {

  /** Something that must be inspected. Equality by the tree it is about, so loops converge. */
  abstract static class Ob {
    final Tree tree;

    Ob(Tree tree) {
      this.tree = tree;
    }

    @Override
    public boolean equals(Object o) {
      return o != null && o.getClass() == getClass() && ((Ob) o).tree == tree;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(tree);
    }
  }

  /** The result of {@code @MustCheck} call {@link #tree}. */
  static final class ResultOb extends Ob {
    ResultOb(Tree call) {
      super(call);
    }
  }

  /**
   * A discarded {@link ResultOb} of call {@link #tree} carried by that call's receiver: met by a
   * call of one of {@link #checkedBy} on the receiver or by the receiver escaping.
   */
  static final class ReceiverOb extends Ob {
    final Set<String> checkedBy;

    ReceiverOb(Tree call, Set<String> checkedBy) {
      super(call);
      this.checkedBy = checkedBy;
    }

    /** Whether {@code use} of the receiver settles this obligation. */
    boolean metBy(Use use) {
      switch (use.kind) {
        case RECEIVER:
          return use.method != null && checkedBy.contains(use.method.getSimpleName().toString());
        case ARGUMENT:
        case RETURN:
        case THROW:
        case STORE_FIELD:
        case STORE_ARRAY:
        case CAPTURE:
        case METHOD_REF:
          // Escapes: code this analysis does not see may make the check.
          return true;
        default:
          // Reading the path, printing the file, comparing it: none of that tells whether the
          // operation worked, and none of it hands the file to anyone who could tell.
          return false;
      }
    }
  }

  /** An error parameter; reported at {@link #reportAt} (a lambda, method reference or method). */
  static final class ParamOb extends Ob {
    final Tree reportAt;
    final CompilationUnitTree unit;
    final String what;
    final String param;

    ParamOb(Tree paramTree, Tree reportAt, CompilationUnitTree unit, String what, String param) {
      super(paramTree);
      this.reportAt = reportAt;
      this.unit = unit;
      this.what = what;
      this.param = param;
    }
  }

  /** Seeds error-parameter obligations when a body starts. */
  interface Seeder {
    void seed(Flow<Set<Ob>> flow, State<Set<Ob>> state, Body body);
  }

  /** Where an error parameter left unread on some path goes (a report, or a method summary). */
  interface Sink {
    void unread(ParamOb ob);
  }

  private final Context ctx;
  private final boolean results;
  private final Seeder seeder;
  private final Sink sink;
  /**
   * The call whose effect the engine reported last. The engine reports a call's effect, then
   * creates its result, then reports the result's use; so when a result is discarded straight from
   * its call, this is that call (checked by tree: when anything came between, the receiver is not
   * known here and the discard is reported as before).
   */
  private Call lastCall;

  /**
   * @param results whether {@code @MustCheck} results are tracked (off when a method is analysed only
   *     as the target of a method reference)
   */
  Obligations(Context ctx, boolean results, Seeder seeder) {
    this(ctx, results, seeder, ob -> UncheckedError.report(ctx, ob.reportAt, ob.unit, ob.what, ob.param));
  }

  Obligations(Context ctx, boolean results, Seeder seeder, Sink sink) {
    this.ctx = ctx;
    this.results = results;
    this.seeder = seeder;
    this.sink = sink;
  }

  static Set<Ob> of(Ob ob) {
    return Collections.singleton(ob);
  }

  @Override
  public Set<Ob> bottom() {
    return Collections.emptySet();
  }

  @Override
  public Set<Ob> join(Set<Ob> a, Set<Ob> b) {
    if (a.isEmpty() || a.equals(b)) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    Set<Ob> u = new LinkedHashSet<>(a);
    u.addAll(b);
    return Collections.unmodifiableSet(u);
  }

  /** The lambda or inner class does not own the obligations of what it captures. */
  @Override
  public Set<Ob> captured(Set<Ob> outer) {
    return Collections.emptySet();
  }

  @Override
  public void enterBody(Flow<Set<Ob>> flow, State<Set<Ob>> state, Body body) {
    seeder.seed(flow, state, body);
  }

  @Override
  public void call(Flow<Set<Ob>> flow, State<Set<Ob>> state, Call call) {
    lastCall = call;
  }

  @Override
  public void created(Flow<Set<Ob>> flow, State<Set<Ob>> state, Val value, Origin origin) {
    if (results && origin.kind == Origin.Kind.CALL && origin.method != null && ctx.contracts.isMustCheck(origin.method)) {
      state.setFact(value, of(new ResultOb(origin.tree)));
    }
  }

  @Override
  public void use(Flow<Set<Ob>> flow, State<Set<Ob>> state, Val value, Use use) {
    Set<Ob> open = state.fact(value);
    if (open.isEmpty()) {
      return;
    }
    switch (use.kind) {
      case COPY_LOCAL:
        return; // an alias: the obligation moves with the value
      case COPY_UNNAMED:
      case DISCARD:
        if (!state.referenced(value)) {
          for (Ob ob : open) {
            if (ob instanceof ResultOb) {
              if (!moveToReceiver(state, ob) && flow.reporting()) {
                UncheckedResult.reportDiscarded(ctx, flow, ob.tree);
              }
            } else if (ob instanceof ReceiverOb) {
              if (flow.reporting()) {
                UncheckedResult.reportUnverified(ctx, flow, ob.tree, use.text(), ((ReceiverOb) ob).checkedBy, flow.line(use.occurrence));
              }
            } else {
              reportParam(flow, (ParamOb) ob);
            }
          }
          state.setFact(value, bottom());
        }
        return;
      default:
        Set<Ob> done = new LinkedHashSet<>();
        for (Ob ob : open) {
          if (!(ob instanceof ReceiverOb) || ((ReceiverOb) ob).metBy(use)) {
            done.add(ob);
          }
        }
        if (done.isEmpty()) {
          return;
        }
        Set<Ob> left = new LinkedHashSet<>(open);
        left.removeAll(done);
        state.setFact(value, left.isEmpty() ? bottom() : Collections.unmodifiableSet(left));
        discharge(state, done);
    }
  }

  /**
   * A discarded result whose model names receiver checks becomes the receiver's obligation, when
   * the receiver is held by a variable or field path the rest of the body can still ask. False
   * when it cannot move (no such checks, no receiver, a receiver nothing holds, or a result that
   * reached the discard through a join rather than straight from its call): then it is reported.
   */
  private boolean moveToReceiver(State<Set<Ob>> state, Ob ob) {
    Call call = lastCall;
    if (call == null || call.tree != ob.tree || call.receiver == null || call.method == null) {
      return false;
    }
    Set<String> by = ctx.contracts.checkedBy(call.method);
    if (by.isEmpty() || !heldByName(state, call.receiver)) {
      return false;
    }
    Set<Ob> f = state.fact(call.receiver);
    Set<Ob> more = new LinkedHashSet<>(f);
    more.add(new ReceiverOb(ob.tree, by));
    state.setFact(call.receiver, Collections.unmodifiableSet(more));
    return true;
  }

  /** Held by a local, parameter, {@code this} or field path: not only by an engine temporary. */
  private static boolean heldByName(State<Set<Ob>> state, Val v) {
    for (Ref r : state.refsTo(v)) {
      if (r.kind() != Ref.Kind.TEMP) {
        return true;
      }
    }
    return false;
  }

  /**
   * An inspection discharges the obligations it carries wherever they are: a join may have split
   * one value into a merged copy and the original (e.g. {@code Object v = c ? r.ok() : r}), and
   * inspecting either is enough. Costs precision only across loop iterations of one call site.
   */
  private void discharge(State<Set<Ob>> state, Set<Ob> done) {
    for (Val v : state.valuesWithFacts()) {
      Set<Ob> f = state.fact(v);
      if (!f.isEmpty() && !Collections.disjoint(f, done)) {
        Set<Ob> left = new LinkedHashSet<>(f);
        left.removeAll(done);
        state.setFact(v, left.isEmpty() ? bottom() : Collections.unmodifiableSet(left));
      }
    }
  }

  @Override
  public void lost(Flow<Set<Ob>> flow, State<Set<Ob>> state, Val value, Ref ref, Tree where, long line) {
    Set<Ob> open = state.fact(value);
    if (open.isEmpty()) {
      return;
    }
    for (Ob ob : open) {
      if (!flow.reportingLosses()) {
        continue;
      }
      if (ob instanceof ResultOb) {
        UncheckedResult.reportDropped(ctx, flow, ob.tree, ref.display(), line);
      } else if (ob instanceof ReceiverOb) {
        UncheckedResult.reportUnverified(ctx, flow, ob.tree, ref.display(), ((ReceiverOb) ob).checkedBy, line);
      } else {
        sink.unread((ParamOb) ob);
      }
    }
    state.setFact(value, bottom());
  }

  private void reportParam(Flow<Set<Ob>> flow, ParamOb ob) {
    if (flow.reporting()) {
      sink.unread(ob);
    }
  }
}

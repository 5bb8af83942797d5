package dev.sessioncheck.processor.rules;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import dev.sessioncheck.processor.flow.Call;
import dev.sessioncheck.processor.flow.Flow;
import dev.sessioncheck.processor.flow.FlowClient;
import dev.sessioncheck.processor.flow.Ref;
import dev.sessioncheck.processor.flow.State;
import dev.sessioncheck.processor.flow.Use;
import dev.sessioncheck.processor.flow.Val;
import dev.sessioncheck.processor.model.Contracts;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.Reporter;
import dev.sessioncheck.processor.report.RuleId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * {@code use-after-terminal}: a value used after a {@code @TerminalOp} call ended it. Facts per value:
 * live, ended (on every path, with the ending calls), may-ended (on some paths), or reported (a use
 * was already reported on this path: later uses stay silent so one mistake gives one error).
 */
public final class UseAfterTerminal implements FlowClient<UseAfterTerminal.End> {

  /** One terminal call: where, how it reads, and what it allows afterwards. */
  static final class Site {
    final Tree tree;
    final long line;
    final String text;
    /** The terminal method as the note names it: {@code destroy()}, or {@code release(s)}. */
    final String ending;
    final Set<String> allowAfter;
    /** The contract is a library model: it speaks of the type's public methods only. */
    final boolean fromModel;

    Site(Tree tree, long line, String text, String ending, Set<String> allowAfter, boolean fromModel) {
      this.tree = tree;
      this.line = line;
      this.text = text;
      this.ending = ending;
      this.allowAfter = allowAfter;
      this.fromModel = fromModel;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Site && ((Site) o).tree == tree && ((Site) o).text.equals(text);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(tree) * 31 + text.hashCode();
    }
  }

  /**
   * The lattice element, a summary of the paths reaching a point: {@link #live} when on some path
   * the value has never been ended (a path whose end was already reported is not live: the value
   * did end there), and the terminal calls that ended it on the other paths, not yet reported. A
   * use is reported when some site in {@link #sites} forbids it: "is used" when no path is live,
   * "may be used" otherwise. After the report the forbidding sites are cleared, so later uses on
   * those paths stay silent (no cascade); sites whose allowAfter permits the use stay, and a join
   * with another path that ended the value brings its site back.
   */
  public static final class End {
    static final End LIVE = new End(true, Collections.emptyList());

    final boolean live;
    final List<Site> sites;

    End(boolean live, List<Site> sites) {
      this.live = live;
      this.sites = sites;
    }

    boolean ended() {
      return !sites.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof End && ((End) o).live == live && ((End) o).sites.equals(sites);
    }

    @Override
    public int hashCode() {
      return Objects.hash(live, sites);
    }

    @Override
    public String toString() {
      return (live ? "live" : "dead") + sites.size();
    }
  }

  private static final Comparator<Site> BY_LINE = Comparator.comparingLong((Site s) -> s.line).thenComparing(s -> s.text);

  private final Context ctx;

  public UseAfterTerminal(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public End bottom() {
    return End.LIVE;
  }

  @Override
  public End join(End a, End b) {
    if (a.equals(b)) {
      return a;
    }
    List<Site> sites = new ArrayList<>(a.sites);
    for (Site s : b.sites) {
      if (!sites.contains(s)) {
        sites.add(s);
      }
    }
    sites.sort(BY_LINE);
    return new End(a.live || b.live, Collections.unmodifiableList(sites));
  }

  @Override
  public void use(Flow<End> flow, State<End> state, Val value, Use use) {
    End f = state.fact(value);
    if (!f.ended() || exempt(use)) {
      return;
    }
    // Only the paths whose ending call forbids this use are reported (and named): a path ended by
    // a call whose allowAfter lists the method stays ended, so a later use there is still caught.
    List<Site> offending = new ArrayList<>();
    List<Site> allowing = new ArrayList<>();
    for (Site s : f.sites) {
      (allows(s, use) ? allowing : offending).add(s);
    }
    if (offending.isEmpty()) {
      return;
    }
    if (flow.reporting()) {
      Site first = offending.get(0);
      // One note per ending call that reaches this use, in line order: for a "may" finding every
      // path's end is shown, the first being the one the error names.
      List<Reporter.Note> notes = new ArrayList<>();
      for (Site s : offending) {
        notes.add(new Reporter.Note(s.tree, Messages.endedHere(use.text(), s.ending)));
      }
      ctx.reporter.report(
          RuleId.USE_AFTER_TERMINAL,
          use.occurrence,
          flow.unit(),
          Messages.useAfterTerminal(use.text(), first.text, first.line, f.live),
          notes);
    }
    state.setFact(value, new End(f.live, allowing.isEmpty() ? Collections.emptyList() : Collections.unmodifiableList(allowing)));
  }

  private static boolean exempt(Use use) {
    switch (use.kind) {
      case COMPARE:
      case INSTANCEOF:
      case CONCAT:
      case COPY_LOCAL:
      case COPY_UNNAMED:
      case CAPTURE:
      case DISCARD:
        return true;
      case RECEIVER:
        return use.implicit || use.method == null || objectMethod(use.method);
      case METHOD_REF:
        return use.method != null && objectMethod(use.method);
      case ARGUMENT:
        return objectLike(use.declaredType);
      default:
        return false;
    }
  }

  private static boolean objectMethod(ExecutableElement m) {
    return objectMethod(m.getSimpleName().toString(), m.getParameters().size());
  }

  /** equals, hashCode, toString or getClass; {@code arity} -1 (a method reference) matches any. */
  private static boolean objectMethod(String name, int arity) {
    return (name.equals("equals") && (arity == 1 || arity < 0))
        || ((name.equals("hashCode") || name.equals("toString") || name.equals("getClass")) && arity <= 0);
  }

  /** True when the terminal call {@code site} permits {@code use} after the end. */
  private boolean allows(Site site, Use use) {
    boolean call = use.kind == Use.Kind.RECEIVER || use.kind == Use.Kind.METHOD_REF;
    if (call && use.method != null && site.allowAfter.contains(use.method.getSimpleName().toString())) {
      return true;
    }
    // DESIGN makes passing an ended value to a parameter of its type a use (render(session)) for
    // annotated contracts. A model's type, though, is also handed around by its own implementation
    // (StreamEx gives a consumed stream to StreamContext.combine, which only asks isParallel()):
    // there the helper's body decides, as a direct use in the implementation would. Passing to a
    // terminal parameter ends the value again, which is always a use.
    if (use.kind == Use.Kind.ARGUMENT && use.method != null && site.fromModel
        && use.argIndex < use.method.getParameters().size()
        && ctx.contracts.terminalParam(use.method, use.argIndex) == null) {
      return allowsInside(site, ctx.summaries.paramUses().of(ctx.trees, ctx.contracts.elements(), use.method, use.argIndex));
    }
    // A model states the contract of a type nobody can annotate for its clients, who see only its
    // public methods (an interface such as BaseStream has no instance fields at all). What only the
    // implementation can reach after consuming itself, a non-public method or a field, is how a
    // wrapper builds its next stage (StreamEx's supply(..), ase.context): not a client's use.
    if (site.fromModel) {
      if (use.kind == Use.Kind.FIELD_READ) {
        return true;
      }
      return call && use.method != null && !use.method.getModifiers().contains(Modifier.PUBLIC);
    }
    return false;
  }

  /**
   * True when a helper compiled here does with the value a model's site ended only what a direct
   * use may: compare it, call allowAfter or Object methods on it, read its fields or call its
   * non-public methods (the helper is then part of the implementation).
   */
  private static boolean allowsInside(Site site, ParamUses.Summary s) {
    if (s.other) {
      return false;
    }
    for (ParamUses.CallUse c : s.calls) {
      if (!objectMethod(c.name, c.arity) && !site.allowAfter.contains(c.name) && !c.nonPublic) {
        return false;
      }
    }
    return true;
  }

  /** Object or a type variable: only Object's methods can be called through it without a cast. */
  private static boolean objectLike(TypeMirror t) {
    if (t == null) {
      return true;
    }
    if (t.getKind() == TypeKind.TYPEVAR) {
      return true;
    }
    if (t.getKind() == TypeKind.DECLARED) {
      Element e = ((DeclaredType) t).asElement();
      return e instanceof TypeElement && ((TypeElement) e).getQualifiedName().contentEquals("java.lang.Object");
    }
    return false;
  }

  @Override
  public void call(Flow<End> flow, State<End> state, Call call) {
    if (call.implicit) {
      return;
    }
    Contracts.Terminal t = ctx.contracts.terminal(call.method);
    // super.close() inside an override is the implementation delegating, not the object ending
    // itself mid-method: the override's own callers see the end.
    // A modelled type calling its own operation on this is the implementation, which the model does
    // not describe (jOOλ's SeqImpl buffers itself with toArray() and serves stream() again after).
    boolean selfInsideModelledType = t != null && t.fromModel && call.receiver == state.get(Ref.THIS);
    if (t != null && call.receiver != null && !"super".equals(call.receiverText) && !selfInsideModelledType) {
      Site site = new Site(call.tree, nameLine(flow, call.tree), ctx.callText(call.tree), call.method.getSimpleName() + "()", t.allowAfter, t.fromModel);
      end(state, call.receiver, site);
    }
    int n = call.method.getParameters().size();
    for (int i = 0; i < call.args.size() && n > 0; i++) {
      Val a = call.args.get(i);
      if (a == null) {
        continue;
      }
      Contracts.Terminal tp = ctx.contracts.terminalParam(call.method, Math.min(i, n - 1));
      if (tp != null) {
        String text = call.method.getSimpleName() + "(" + ctx.text(call.argTrees.get(i)) + ")";
        end(state, a, new Site(call.tree, nameLine(flow, call.tree), text, text, tp.allowAfter, tp.fromModel));
      }
    }
  }

  /** The line of the method name (a chained call spans lines; its name is where it happens). */
  private static long nameLine(Flow<?> flow, Tree call) {
    if (call instanceof MethodInvocationTree) {
      ExpressionTree sel = ((MethodInvocationTree) call).getMethodSelect();
      if (sel instanceof MemberSelectTree) {
        return flow.endLine(sel);
      }
    }
    return flow.line(call);
  }

  private static void end(State<End> state, Val v, Site site) {
    state.setFact(v, new End(false, Collections.singletonList(site)));
  }
}

package dev.sessioncheck.processor.flow;

import com.sun.source.tree.Tree;

/**
 * What a rule plugs into the engine: a lattice of facts about values and the transfer at each
 * event. The engine calls these in evaluation order; the client reads and writes facts through the
 * state and reports through its own reporter when {@link Flow#reporting()} is true (the engine
 * re-runs loop bodies quietly until they reach a fixpoint).
 *
 * @param <F> immutable facts with value equality
 */
public interface FlowClient<F> {
  F bottom();

  F join(F a, F b);

  /** Facts a captured value has at the start of a lambda or local/anonymous class body. */
  default F captured(F outer) {
    return outer;
  }

  default void enterBody(Flow<F> flow, State<F> state, Body body) {}

  default void created(Flow<F> flow, State<F> state, Val value, Origin origin) {}

  default void use(Flow<F> flow, State<F> state, Val value, Use use) {}

  default void call(Flow<F> flow, State<F> state, Call call) {}

  /**
   * {@code ref} no longer holds {@code value} and no other reference does: overwritten, out of
   * scope, or the body exits normally. {@code where} is the overwriting assignment or the statement
   * that leaves the scope (or the scope itself), {@code line} the line to name.
   */
  default void lost(Flow<F> flow, State<F> state, Val value, Ref ref, Tree where, long line) {}
}

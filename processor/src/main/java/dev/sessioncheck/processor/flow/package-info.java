/**
 * The flow engine: an intraprocedural, flow-sensitive analysis over {@code com.sun.source.tree},
 * structured like javac's {@code Flow} rather than built on a control-flow graph.
 *
 * <ul>
 *   <li><b>State</b> ({@link dev.sessioncheck.processor.flow.State}): which abstract value each
 *       tracked reference ({@link dev.sessioncheck.processor.flow.Ref}: locals, parameters,
 *       pattern bindings, for-each / catch / resource / lambda variables, {@code this}, field paths
 *       rooted at them) holds, and the client's facts about each value. {@code t = s} makes
 *       {@code t} hold the same value, so a fact set through one alias is seen through all.
 *       Its maps are persistent ({@code PMap}): a copy at a branch
 *       costs nothing, and a join or comparison walks only what two states do not share, so the
 *       cost of a body does not grow with the number of variables live across it.
 *   <li><b>Values</b> ({@link dev.sessioncheck.processor.flow.Val}) are named by their creation
 *       site (call tree, parameter, first read of a field path, join point + reference), which
 *       makes loop fixpoints converge.
 *   <li><b>Control flow</b>: sequence, if, {@code ?:}, {@code && || !} with separate when-true /
 *       when-false states, loops re-run quietly to a fixpoint and then once more reporting,
 *       break / continue / return / yield as pending exits resolved at their target (labels are
 *       resolved from the engine's own target stack), switch statements and expressions (both
 *       forms, fall-through, patterns, guards, exhaustiveness), try / catch / finally (finally is
 *       reported once over the join of all its entries, then continued per exit), try with
 *       resources (implicit close), synchronized, assert, local and anonymous classes, lambdas.
 *   <li><b>Exceptions</b>: every call or {@code new} sends the state before its effect to the
 *       innermost catch / finally of the body; a throw sends its state there too. Leaving the body
 *       by an exception reports nothing.
 *   <li><b>Nested bodies</b>: lambdas and members of local / anonymous classes are analysed after
 *       the enclosing body with the state they capture (joined over every place they are written);
 *       a lambda or anonymous class passed as an argument starts after that call's effect.
 *   <li><b>Clients</b> ({@link dev.sessioncheck.processor.flow.FlowClient}) supply the facts and
 *       react to events; {@link dev.sessioncheck.processor.flow.Product} runs two of them in one
 *       walk, each with its own component of the facts.
 *   <li><b>Java 21+ trees</b> (case labels, guards, record patterns, unnamed variables) are reached
 *       by kind name and reflection ({@code TreeCompat}) so the engine, compiled for 17, links on
 *       17 and understands them on newer javac.
 * </ul>
 *
 * <p>Known limitations, by design: no interprocedural facts (only annotations and models say what
 * a call does); collection and array elements, static fields and {@code Outer.this} paths are not
 * tracked; a call does not invalidate field paths it might reassign; a merge of two different
 * values at a join is a new value, so ending the merged value does not end the originals (a
 * possible false negative, never a false positive); a lambda or local class written before a
 * value is ended and run after it is analysed with the state where it is written; pathological
 * loop nesting stops the analysis of that body after a fixed budget.
 */
package dev.sessioncheck.processor.flow;

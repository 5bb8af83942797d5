/**
 * One class per rule id, each asking the flow engine or scanning trees, none walking control flow
 * itself: {@link dev.sessioncheck.processor.rules.UncheckedResult} ({@code unchecked-result}),
 * {@link dev.sessioncheck.processor.rules.UncheckedError} ({@code unchecked-error}),
 * {@link dev.sessioncheck.processor.rules.NullCallback} ({@code null-callback}),
 * {@link dev.sessioncheck.processor.rules.UseAfterTerminal} ({@code use-after-terminal}) and
 * {@link dev.sessioncheck.processor.rules.BadAnnotation} ({@code bad-annotation}).
 * {@code Obligations} is the fact lattice the first two share (an open obligation per value);
 * {@link dev.sessioncheck.processor.rules.MethodSummaries} lets a method reference check a target
 * in another class. {@link dev.sessioncheck.processor.rules.Rules} lists what runs on every body.
 *
 * <p>Choices worth knowing: a named class implementing a callback interface is checked like an
 * anonymous one (reported as {@code Type.method}); {@code bad-annotation} reports {@code @MustCheck}
 * on a parameter only where it can never be an error parameter (a static method or a constructor,
 * except a record's canonical constructor, which inherits the component's annotations).
 */
package dev.sessioncheck.processor.rules;

/**
 * Contracts: {@code @MustCheck} / {@code @TerminalOp} read from elements (source or class files;
 * matched by name, so the annotations jar is not needed at run time), inherited through overriding
 * ({@code Elements.overrides}), {@code @MustCheck} on types, callback interfaces with error
 * parameters, and library models from {@code models.txt} plus {@code -Asessioncheck.models}.
 */
package dev.sessioncheck.processor.model;

/** The sessioncheck checker: enforces {@code @MustCheck} and {@code @TerminalOp} inside javac. */
package dev.sessioncheck.processor;

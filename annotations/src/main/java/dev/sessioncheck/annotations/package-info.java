/**
 * The two contracts sessioncheck enforces at compile time: {@link
 * dev.sessioncheck.annotations.MustCheck} (a value that must be inspected) and {@link
 * dev.sessioncheck.annotations.TerminalOp} (a call after which a value must not be used).
 */
package dev.sessioncheck.annotations;

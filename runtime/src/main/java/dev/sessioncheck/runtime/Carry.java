package dev.sessioncheck.runtime;

/** What {@link Session#regenerate(Carry)} does with the old session's attributes. */
public enum Carry {
  /** Copy every attribute into the new session (e.g. a cart kept across login). */
  KEEP_DATA,
  /** Start empty, as express-session's {@code regenerate} does. */
  DROP_DATA
}

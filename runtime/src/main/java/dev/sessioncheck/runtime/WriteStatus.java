package dev.sessioncheck.runtime;

/** The successful outcomes of a store write, touch or destroy. */
public enum WriteStatus {
  /** The record was written / touched / removed. */
  DONE,
  /**
   * There was no record under that id, so nothing was done: an {@link SessionWrite.Mode#UPDATE}
   * or a touch does not create one (that is what stops a destroyed session from being
   * resurrected); a destroy of a missing id is a success too.
   */
  NOT_FOUND
}

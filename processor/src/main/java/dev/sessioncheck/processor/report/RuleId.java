package dev.sessioncheck.processor.report;

import java.util.Locale;

/** The stable rule ids; each is also the {@code @SuppressWarnings("sessioncheck:<id>")} key. */
public enum RuleId {
  UNCHECKED_RESULT("a @MustCheck result discarded, or stored and never inspected on some path"),
  UNCHECKED_ERROR("a callback that does not read its @MustCheck error parameter on every path"),
  NULL_CALLBACK("null passed where a callback with an error parameter is expected"),
  USE_AFTER_TERMINAL("a value used after a @TerminalOp call ended it"),
  BAD_ANNOTATION("a contract that cannot hold (@TerminalOp on a static method, @MustCheck on void, ...)"),
  INTERNAL_ERROR("the checker failed on one method; the build goes on without that check");

  private final String id = name().toLowerCase(Locale.ROOT).replace('_', '-');
  private final String summary;

  RuleId(String summary) {
    this.summary = summary;
  }

  /** The kebab-case id, e.g. {@code use-after-terminal}. */
  public String id() {
    return id;
  }

  /** One line saying what the rule reports (the README's rule table says the same). */
  public String summary() {
    return summary;
  }

  /** The id for {@code text}, or null when it names no rule. */
  public static RuleId fromId(String text) {
    for (RuleId r : values()) {
      if (r.id.equals(text.trim())) {
        return r;
      }
    }
    return null;
  }
}

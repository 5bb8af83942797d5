package dev.sessioncheck.processor.report;

import java.util.Locale;

/** The stable rule ids; each is also the {@code @SuppressWarnings("sessioncheck:<id>")} key. */
public enum RuleId {
  UNCHECKED_RESULT,
  UNCHECKED_ERROR,
  NULL_CALLBACK,
  USE_AFTER_TERMINAL,
  BAD_ANNOTATION,
  INTERNAL_ERROR;

  private final String id = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The kebab-case id, e.g. {@code use-after-terminal}. */
  public String id() {
    return id;
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

package dev.sessioncheck.processor.report;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The {@code -Asessioncheck.*} options, parsed once. */
public final class Options {
  public static final String WARN = "sessioncheck.warn";
  public static final String DISABLE = "sessioncheck.disable";
  /** A file of extra library models, in the format of the built-in models.txt. */
  public static final String MODELS = "sessioncheck.models";

  public static final String NOTES = "sessioncheck.notes";
  public static final String SARIF = "sessioncheck.sarif";

  private final boolean warn;
  private boolean notes = true;
  private final Set<RuleId> disabled;
  private String modelsFile;
  private String sarifFile;

  public Options(boolean warn, Set<RuleId> disabled) {
    this.warn = warn;
    this.disabled = Collections.unmodifiableSet(disabled.isEmpty() ? EnumSet.noneOf(RuleId.class) : EnumSet.copyOf(disabled));
  }

  /** Parses javac's {@code -A} map; unknown rule ids in the disable list are ignored. */
  public static Options parse(Map<String, String> options) {
    // -Asessioncheck.warn alone (javac maps it to a null value) means true as well.
    String w = options.get(WARN);
    boolean warn = options.containsKey(WARN) && (w == null || w.isEmpty() || Boolean.parseBoolean(w.trim()));
    EnumSet<RuleId> disabled = EnumSet.noneOf(RuleId.class);
    String d = options.get(DISABLE);
    if (d != null) {
      for (String part : d.split(",")) {
        RuleId r = RuleId.fromId(part);
        if (r != null) {
          disabled.add(r);
        }
      }
    }
    Options o = new Options(warn, disabled);
    o.modelsFile = options.get(MODELS);
    // On unless switched off: -Asessioncheck.notes alone (a null value) leaves them on.
    String n = options.get(NOTES);
    o.notes = n == null || !n.trim().equalsIgnoreCase("false");
    String sarif = options.get(SARIF);
    o.sarifFile = sarif == null || sarif.isBlank() ? null : sarif.trim();
    return o;
  }

  /** The user's model file ({@code -Asessioncheck.models}), or null. */
  public String modelsFile() {
    return modelsFile;
  }

  /** Where to write the SARIF log of the compilation ({@code -Asessioncheck.sarif}), or null. */
  public String sarifFile() {
    return sarifFile;
  }

  public static Options defaults() {
    return new Options(false, EnumSet.noneOf(RuleId.class));
  }

  /**
   * Whether findings carry their secondary locations as NOTE diagnostics ({@code
   * -Asessioncheck.notes=false} turns them off).
   */
  public boolean notes() {
    return notes;
  }

  public boolean warn() {
    return warn;
  }

  public boolean enabled(RuleId rule) {
    return !disabled.contains(rule);
  }
}

package dev.sessioncheck.processor.report;

/**
 * Every user-visible string. The first line of each message stands alone (IDEs show only it); the
 * second line says how to fix it. Fragments pinned by tests are described in CHECKER-SEAM.md.
 */
public final class Messages {
  private Messages() {}

  private static String prefix(RuleId rule) {
    return "[sessioncheck:" + rule.id() + "] ";
  }

  public static String useAfterTerminal(String var, String endCall, long line, boolean may) {
    return prefix(RuleId.USE_AFTER_TERMINAL)
        + "'" + var + "' " + (may ? "may be" : "is") + " used after " + endCall + " ended it on line " + line
        + "\n"
        + (may
            ? "On some path the value has already ended here; use it before the ending call, or check which path you are on."
            : "Use the value before the ending call, or obtain a new one (only ==, instanceof, toString and the allowAfter methods stay legal).");
  }

  /**
   * The note at the call that ended the value, printed after the use-after-terminal error; {@code
   * ending} is the terminal method as called, {@code destroy()} or, for a terminal parameter,
   * {@code release(s)}. One line: javac prints it under the error it belongs to.
   */
  public static String endedHere(String var, String ending) {
    return prefix(RuleId.USE_AFTER_TERMINAL) + "'" + var + "' was ended here by " + ending;
  }

  public static String resultDiscarded(String call) {
    return prefix(RuleId.UNCHECKED_RESULT)
        + "the result of " + call + " is discarded"
        + "\nInspect the result (for example check whether it succeeded) or pass it on to code that does.";
  }

  /**
   * A discarded result that a later call on the receiver could have stood in for ({@code
   * checkedBy} in a model), but {@code var} was dropped on line {@code line} without one.
   */
  public static String resultDiscardedUnverified(String call, String var, java.util.Collection<String> checkedBy, long line) {
    StringBuilder checks = new StringBuilder();
    int i = 0;
    for (String m : checkedBy) {
      checks.append(i == 0 ? "" : i == checkedBy.size() - 1 ? " or " : ", ").append(m).append("()");
      i++;
    }
    return prefix(RuleId.UNCHECKED_RESULT)
        + "the result of " + call + " is discarded, and '" + var + "' is not checked with " + checks
        + " before it is dropped on line " + line
        + "\nCheck the result, or call " + checks + " on '" + var
        + "' afterwards on every path that goes on normally; otherwise a failure goes unnoticed.";
  }

  public static String resultDropped(String call, String var, long line) {
    return prefix(RuleId.UNCHECKED_RESULT)
        + "the result of " + call + " in '" + var + "' is not checked before it is dropped on line " + line
        + "\nInspect '" + var + "' on every path before it is overwritten or goes out of scope.";
  }

  public static String uncheckedError(String what, String param) {
    return prefix(RuleId.UNCHECKED_ERROR)
        + what + " does not read its error parameter '" + param + "' on every path"
        + "\nLook at the error on every path that completes normally (log it, rethrow it or handle it).";
  }

  public static String nullCallback(String iface, String call) {
    return prefix(RuleId.NULL_CALLBACK)
        + "null passed as the " + iface + " callback of " + call
        + "\nPass a callback that handles the error; a null callback makes store failures vanish.";
  }

  public static String badAnnotation(String problem) {
    return prefix(RuleId.BAD_ANNOTATION) + problem
        + "\nRemove the annotation or move it to a declaration where the contract can hold.";
  }

  public static String internalError(String method, Throwable t) {
    return prefix(RuleId.INTERNAL_ERROR)
        + "sessioncheck failed while checking " + method + " (" + t + "); the method was not checked"
        + "\nPlease report this with the method's source; the build goes on without this check.";
  }

  /**
   * A models line that does not parse, or a models file that cannot be read: an error, since the
   * contracts the user wrote there would otherwise be lost without a word.
   */
  public static String modelProblem(String problem) {
    return "sessioncheck: bad library model: " + problem
        + "\nFix or remove the line (the format is in docs/rules/README.md); the other lines still apply.";
  }

  /** A model line that parses but does not fit its type; unlike a malformed line it still applies. */
  public static String modelMismatch(String problem) {
    return "sessioncheck: library model does not match its type: " + problem
        + " (fix the line or remove it; the rest of the line still applies)";
  }

  /** The SARIF log could not be written; {@code cause}'s own text usually names the reason. */
  public static String sarifNotWritten(String path, Exception cause) {
    String why = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return "sessioncheck: cannot write the SARIF report to " + path + " (" + why + "); the findings are only in the compiler output";
  }

  public static String noTreeApi(String compiler) {
    return "sessioncheck needs javac's Tree API; " + compiler + " does not provide it, so this code is not checked";
  }
}

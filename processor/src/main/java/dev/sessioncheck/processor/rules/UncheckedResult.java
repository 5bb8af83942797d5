package dev.sessioncheck.processor.rules;

import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.sessioncheck.processor.flow.Flow;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.RuleId;

/**
 * {@code unchecked-result}: a {@code @MustCheck} result discarded (expression statement, a void
 * lambda's expression body, {@code var _ = ...}) or stored and then lost on some normal path before
 * any inspection. The flow part is {@link Obligations}; this class words and places the reports,
 * always at the producing call.
 */
public final class UncheckedResult {
  private UncheckedResult() {}

  /** Runs the obligation analysis (results and error parameters) over one body. */
  static void check(Context ctx, TreePath body) {
    new Flow<>(ctx.trees, ctx.contracts.elements(), ctx.contracts.types(), new Obligations(ctx, true, UncheckedError.seeder(ctx)))
        .run(body);
  }

  static void reportDiscarded(Context ctx, Flow<?> flow, Tree call) {
    ctx.reporter.report(RuleId.UNCHECKED_RESULT, call, flow.unit(), Messages.resultDiscarded(ctx.callText(call)));
  }

  static void reportDropped(Context ctx, Flow<?> flow, Tree call, String var, long line) {
    ctx.reporter.report(RuleId.UNCHECKED_RESULT, call, flow.unit(), Messages.resultDropped(ctx.callText(call), var, line));
  }
}

package dev.sessioncheck.processor.flow;

import com.sun.source.tree.Tree;
import java.util.List;
import javax.lang.model.element.ExecutableElement;

/** The effect point of a call: receiver and arguments evaluated, the call about to complete normally. */
public final class Call {
  /** The invocation or {@code new} tree (the resource variable for an implicit close). */
  public final Tree tree;
  public final ExecutableElement method;
  /** The receiver's value, or null (static call, untracked receiver). */
  public final Val receiver;
  public final String receiverText;
  /** Argument values (null where untracked), in source order. */
  public final List<Val> args;
  public final List<? extends Tree> argTrees;
  public final boolean implicit;

  Call(Tree tree, ExecutableElement method, Val receiver, String receiverText, List<Val> args, List<? extends Tree> argTrees, boolean implicit) {
    this.tree = tree;
    this.method = method;
    this.receiver = receiver;
    this.receiverText = receiverText;
    this.args = args;
    this.argTrees = argTrees;
    this.implicit = implicit;
  }
}

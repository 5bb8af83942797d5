package dev.sessioncheck.processor.flow;

import com.sun.source.tree.Tree;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/** Where a fresh value comes from. */
public final class Origin {
  public enum Kind {
    /** Result of a method call; {@link #method} is the method, {@link #tree} the call. */
    CALL,
    /** Result of {@code new}; {@link #method} is the constructor. */
    NEW,
    /** Entry value of a parameter; {@link #element} is the parameter, {@link #index} its position. */
    PARAM,
    THIS,
    /** First read of a field path. */
    FIELD,
    CATCH_PARAM,
    /** Element of an enhanced for. */
    ELEMENT,
    /** A pattern component or anything else the engine does not follow. */
    OPAQUE
  }

  public final Kind kind;
  public final Tree tree;
  public final ExecutableElement method;
  public final Element element;
  public final int index;

  Origin(Kind kind, Tree tree, ExecutableElement method, Element element, int index) {
    this.kind = kind;
    this.tree = tree;
    this.method = method;
    this.element = element;
    this.index = index;
  }
}

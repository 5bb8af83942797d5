package dev.sessioncheck.processor.flow;

import com.sun.source.tree.Tree;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One occurrence of a value and how it is used there. The engine classifies; the rules decide what
 * counts (an inspection, a use after the end, nothing).
 */
public final class Use {
  public enum Kind {
    /** Receiver of a method call; {@link #method} is the method. */
    RECEIVER,
    /** Argument; {@link #method}, {@link #argIndex}, {@link #declaredType} (before substitution). */
    ARGUMENT,
    /** Operand of {@code ==} / {@code !=}. */
    COMPARE,
    INSTANCEOF,
    /** Operand of a string concatenation. */
    CONCAT,
    /** Any other operand (arithmetic, array index, unboxing). */
    OPERAND,
    CONDITION,
    SWITCH_SELECTOR,
    RETURN,
    THROW,
    STORE_FIELD,
    STORE_ARRAY,
    /** Copied into a tracked local: an alias, not an inspection. */
    COPY_LOCAL,
    /** Copied into an unnamed variable {@code _}: not an inspection. */
    COPY_UNNAMED,
    /** Value of an expression statement (or a void lambda's expression body). */
    DISCARD,
    /** Captured by a lambda, anonymous or local class. */
    CAPTURE,
    /** Iterable of an enhanced for. */
    ITERABLE,
    /** Lock of {@code synchronized}. */
    LOCK,
    /** Qualifier of a field access {@code x.f}. */
    FIELD_READ,
    /** Qualifier of a method reference {@code x::m}; {@link #method} is {@code m} when resolved. */
    METHOD_REF,
    /** Resource of try-with-resources. */
    RESOURCE
  }

  public final Kind kind;
  /** The expression where the value is read. */
  public final Tree occurrence;
  /** The source text when given; otherwise read from {@link #source} on first request. */
  private String text;
  private final Flow<?> source;
  public final ExecutableElement method;
  public final Tree call;
  public final int argIndex;
  public final TypeMirror declaredType;
  /** An implicit call the source does not spell (the close() of try-with-resources). */
  public final boolean implicit;

  /**
   * {@code text} null means the occurrence's own source text, read only if a rule asks (most uses
   * are never reported, and reading the text is a source lookup).
   */
  Use(Kind kind, Tree occurrence, String text, Flow<?> source, ExecutableElement method, Tree call, int argIndex, TypeMirror declaredType, boolean implicit) {
    this.kind = kind;
    this.occurrence = occurrence;
    this.text = text;
    this.source = source;
    this.method = method;
    this.call = call;
    this.argIndex = argIndex;
    this.declaredType = declaredType;
    this.implicit = implicit;
  }

  /** The expression as written ({@code s}, {@code this.s}, {@code this} for an implicit receiver). */
  public String text() {
    if (text == null) {
      text = source.text(occurrence);
    }
    return text;
  }

  @Override
  public String toString() {
    return kind + "(" + text() + ")";
  }
}

package dev.sessioncheck.processor.flow;

import java.util.Objects;
import javax.lang.model.element.Element;

/**
 * A tracked reference: a local (variable, parameter, pattern binding, for-each variable, resource,
 * catch or lambda parameter), {@code this}, or a field path rooted at one of them ({@code this.f},
 * {@code p.f.g}). Engine-internal temporaries carry the value of a {@code ?:} or {@code switch}
 * expression across its join.
 */
public final class Ref {
  public enum Kind {
    LOCAL,
    THIS,
    FIELD,
    TEMP
  }

  public static final Ref THIS = new Ref(Kind.THIS, null, null, null, "this");

  private final Kind kind;
  private final Ref parent;
  private final Element element;
  private final Object temp;
  private final String name;
  private final int hash;

  private Ref(Kind kind, Ref parent, Element element, Object temp, String name) {
    this.kind = kind;
    this.parent = parent;
    this.element = element;
    this.temp = temp;
    this.name = name;
    this.hash = Objects.hash(kind, parent, element, temp == null ? 0 : System.identityHashCode(temp));
  }

  public static Ref local(Element variable) {
    String n = variable.getSimpleName().toString();
    return new Ref(Kind.LOCAL, null, variable, null, n.isEmpty() ? "_" : n);
  }

  static Ref temp(Object site) {
    return new Ref(Kind.TEMP, null, null, site, "<tmp>");
  }

  public Ref field(Element field) {
    return new Ref(Kind.FIELD, this, field, null, name + "." + field.getSimpleName());
  }

  public Kind kind() {
    return kind;
  }

  public Ref parent() {
    return parent;
  }

  public Element element() {
    return element;
  }

  /** The root of a field path, or this reference itself. */
  public Ref root() {
    Ref r = this;
    while (r.parent != null) {
      r = r.parent;
    }
    return r;
  }

  /** True when {@code prefix} is a proper prefix of this field path. */
  public boolean extendsPath(Ref prefix) {
    for (Ref r = parent; r != null; r = r.parent) {
      if (r.equals(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** How the reference reads in source: {@code s}, {@code this}, {@code this.f}. */
  public String display() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Ref)) {
      return false;
    }
    Ref r = (Ref) o;
    return hash == r.hash
        && kind == r.kind
        && Objects.equals(parent, r.parent)
        && Objects.equals(element, r.element)
        && temp == r.temp;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return name;
  }
}

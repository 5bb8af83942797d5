package dev.sessioncheck.processor.flow;

import java.util.Objects;

/**
 * An abstract value, named by where it was created (allocation-site style) so that the analysis of
 * a loop reaches a fixpoint: a call's result is named by the call tree, a parameter's entry value by
 * the parameter, a merge of two values by the join point and the reference it was merged for.
 * Trees compare by identity.
 */
public final class Val {
  private final Object site;
  private final Object tag;
  private final Object extra;
  private final int hash;

  Val(Object site, Object tag, Object extra) {
    this.site = site;
    this.tag = tag;
    this.extra = extra;
    this.hash = Objects.hash(site, tag, extra);
  }

  /** The tree or reference this value was created at. */
  public Object site() {
    return site;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Val)) {
      return false;
    }
    Val v = (Val) o;
    return hash == v.hash && Objects.equals(site, v.site) && Objects.equals(tag, v.tag) && Objects.equals(extra, v.extra);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "Val(" + tag + "@" + Integer.toHexString(System.identityHashCode(site)) + (extra == null ? "" : "," + extra) + ")";
  }
}

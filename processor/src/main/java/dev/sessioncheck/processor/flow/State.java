package dev.sessioncheck.processor.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The abstract state at one program point: which value each tracked reference holds, and the
 * client's facts about each value. A dead state (after return, throw, break, continue) is the
 * identity of the join.
 */
public final class State<F> {
  HashMap<Ref, Val> env;
  HashMap<Val, F> facts;
  boolean dead;
  private final F bottom;

  State(F bottom) {
    this.bottom = bottom;
    this.env = new HashMap<>();
    this.facts = new HashMap<>();
  }

  static <F> State<F> deadState(F bottom) {
    State<F> s = new State<>(bottom);
    s.dead = true;
    return s;
  }

  public boolean isDead() {
    return dead;
  }

  /** The client's facts about {@code v} (its bottom when none were recorded). */
  public F fact(Val v) {
    F f = v == null ? null : facts.get(v);
    return f == null ? bottom : f;
  }

  public void setFact(Val v, F f) {
    if (v != null && !dead) {
      facts.put(v, f);
    }
  }

  public Val get(Ref r) {
    return env.get(r);
  }

  /** True when some tracked reference still holds {@code v}. */
  public boolean referenced(Val v) {
    return v != null && env.containsValue(v);
  }

  /** Every value some reference holds. */
  public java.util.Collection<Val> values() {
    return new java.util.LinkedHashSet<>(env.values());
  }

  /** The references holding {@code v}. */
  public List<Ref> refsTo(Val v) {
    List<Ref> out = new ArrayList<>();
    for (Map.Entry<Ref, Val> e : env.entrySet()) {
      if (e.getValue().equals(v)) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  State<F> copy() {
    State<F> s = new State<>(bottom);
    s.env = new HashMap<>(env);
    s.facts = new HashMap<>(facts);
    s.dead = dead;
    return s;
  }

  /** Takes over {@code other}'s content; {@code other} must not be used afterwards. */
  void become(State<F> other) {
    if (other != this) {
      env = other.env;
      facts = other.facts;
      dead = other.dead;
    }
  }

  /** Same references, same values, same facts about every referenced value. */
  boolean sameAs(State<F> o) {
    if (dead || o.dead) {
      return dead == o.dead;
    }
    if (!env.equals(o.env)) {
      return false;
    }
    for (Val v : env.values()) {
      if (!fact(v).equals(o.fact(v))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    if (dead) {
      return "<dead>";
    }
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<Ref, Val> e : env.entrySet()) {
      b.append(e.getKey()).append('=').append(e.getValue()).append(':').append(fact(e.getValue())).append(' ');
    }
    return b.append('}').toString();
  }
}

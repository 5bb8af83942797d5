package dev.sessioncheck.processor.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The abstract state at one program point: which value each tracked reference holds, and the
 * client's facts about each value. A dead state (after return, throw, break, continue) is the
 * identity of the join.
 *
 * <p>The engine copies states at every branch, jump, loop pass and throwing call, and most copies
 * are read and dropped, or changed in a few entries. A copy therefore shares both maps with its
 * source, and whichever of the two first writes a map clones it (copy-on-write): an unchanged copy
 * costs nothing, a changed one what an eager copy cost before. Writes go through {@link #put},
 * {@link #remove} and {@link #putFact}; the maps handed out by {@link #env()} and {@link #facts()}
 * are for reading only.
 */
public final class State<F> {
  private HashMap<Ref, Val> env;
  private HashMap<Val, F> facts;
  /** True while {@link #env} may be shared with another state: clone before writing. */
  private boolean envShared;
  private boolean factsShared;
  /** How many keys of {@link #env} are field paths (most bodies have none: no scan needed). */
  private int fieldRefs;
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
      putFact(v, f);
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

  // ---------------------------------------------------------------- engine access (flow package)

  /** The reference map, for reading only. */
  Map<Ref, Val> env() {
    return env;
  }

  /** The fact map, for reading only. */
  Map<Val, F> facts() {
    return facts;
  }

  /** True when some key of the reference map is a field path. */
  boolean hasFieldRefs() {
    return fieldRefs > 0;
  }

  Val put(Ref r, Val v) {
    ownEnv();
    Val old = env.put(r, v);
    if (old == null && r.kind() == Ref.Kind.FIELD) {
      fieldRefs++;
    }
    return old;
  }

  Val remove(Ref r) {
    if (!env.containsKey(r)) {
      return null;
    }
    ownEnv();
    Val old = env.remove(r);
    if (r.kind() == Ref.Kind.FIELD) {
      fieldRefs--;
    }
    return old;
  }

  /** Records a fact even in a dead state (the engine's own bookkeeping; clients use setFact). */
  void putFact(Val v, F f) {
    if (factsShared) {
      facts = new HashMap<>(facts);
      factsShared = false;
    }
    facts.put(v, f);
  }

  /** Starts an empty fact map (the join fills it with the facts of the values still referenced). */
  void clearFacts() {
    facts = new HashMap<>();
    factsShared = false;
  }

  private void ownEnv() {
    if (envShared) {
      env = new HashMap<>(env);
      envShared = false;
    }
  }

  State<F> copy() {
    State<F> s = new State<>(bottom, env, facts, fieldRefs, dead);
    envShared = true;
    factsShared = true;
    return s;
  }

  private State(F bottom, HashMap<Ref, Val> env, HashMap<Val, F> facts, int fieldRefs, boolean dead) {
    this.bottom = bottom;
    this.env = env;
    this.facts = facts;
    this.envShared = true;
    this.factsShared = true;
    this.fieldRefs = fieldRefs;
    this.dead = dead;
  }

  /** Takes over {@code other}'s content; {@code other} must not be used afterwards. */
  void become(State<F> other) {
    if (other != this) {
      env = other.env;
      facts = other.facts;
      envShared = other.envShared;
      factsShared = other.factsShared;
      fieldRefs = other.fieldRefs;
      dead = other.dead;
    }
  }

  /** Same references, same values, same facts about every referenced value. */
  boolean sameAs(State<F> o) {
    if (dead || o.dead) {
      return dead == o.dead;
    }
    if (env != o.env && !env.equals(o.env)) {
      return false;
    }
    if (facts == o.facts) {
      return true;
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

package dev.sessioncheck.processor.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The abstract state at one program point: which value each tracked reference holds, and the
 * client's facts about each value. A dead state (after return, throw, break, continue) is the
 * identity of the join.
 *
 * <p>The engine copies states at every branch, jump, loop pass and throwing call, and joins them
 * at every merge point. The maps are persistent ({@link PMap}): a copy shares them whole, a write
 * replaces one path, and a join or comparison of two states walks only what they do not share. A
 * count of references per value answers "does anything still hold this value" without a scan.
 *
 * <p>Facts are kept only where they are not the client's bottom, and a value no reference holds
 * may keep its last fact until the value is created again (every creation resets it): readers ask
 * about referenced values, or about a value just computed.
 *
 * <p>Not final only for {@link Product}'s views of one component; nothing outside this package
 * can extend it (the constructors are package-private).
 */
public class State<F> {
  private PMap<Ref, Val> env;
  private PMap<Val, F> facts;
  /** How many references hold each value (values held by none are absent). */
  private PMap<Val, Integer> holders;
  /** How many keys of {@link #env} are field paths (most bodies have none: no scan needed). */
  private int fieldRefs;
  boolean dead;
  private final F bottom;

  State(F bottom) {
    this(bottom, PMap.empty(), PMap.empty(), PMap.empty(), 0, false);
  }

  private State(F bottom, PMap<Ref, Val> env, PMap<Val, F> facts, PMap<Val, Integer> holders, int fieldRefs, boolean dead) {
    this.bottom = bottom;
    this.env = env;
    this.facts = facts;
    this.holders = holders;
    this.fieldRefs = fieldRefs;
    this.dead = dead;
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
    return v != null && holders.containsKey(v);
  }

  /**
   * The values some reference holds whose fact is not the bottom (usually few: the fact map keeps
   * no bottoms, so this walks the facts rather than every reference).
   */
  public List<Val> valuesWithFacts() {
    List<Val> out = new ArrayList<>();
    for (Val v : facts.keySet()) {
      if (holders.containsKey(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /** The references holding {@code v}. */
  public List<Ref> refsTo(Val v) {
    List<Ref> out = new ArrayList<>();
    if (!referenced(v)) {
      return out;
    }
    for (Map.Entry<Ref, Val> e : env.entrySet()) {
      if (e.getValue().equals(v)) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- engine access (flow package)

  /** The reference map (immutable: writes go through {@link #put} and {@link #remove}). */
  PMap<Ref, Val> env() {
    return env;
  }

  /** The fact map, without bottoms (immutable: writes go through {@link #putFact}). */
  PMap<Val, F> facts() {
    return facts;
  }

  /** How many references hold {@code v}. */
  int holders(Val v) {
    Integer n = holders.get(v);
    return n == null ? 0 : n;
  }

  /** True when some key of the reference map is a field path. */
  boolean hasFieldRefs() {
    return fieldRefs > 0;
  }

  Val put(Ref r, Val v) {
    Val old = env.get(r);
    if (v.equals(old)) {
      return old;
    }
    env = env.plus(r, v);
    hold(v, 1);
    if (old == null) {
      if (r.kind() == Ref.Kind.FIELD) {
        fieldRefs++;
      }
    } else {
      hold(old, -1);
    }
    return old;
  }

  Val remove(Ref r) {
    Val old = env.get(r);
    if (old == null) {
      return null;
    }
    env = env.minus(r);
    hold(old, -1);
    if (r.kind() == Ref.Kind.FIELD) {
      fieldRefs--;
    }
    return old;
  }

  private void hold(Val v, int delta) {
    int n = holders(v) + delta;
    holders = n == 0 ? holders.minus(v) : holders.plus(v, n);
  }

  /** Records a fact even in a dead state (the engine's own bookkeeping; clients use setFact). */
  void putFact(Val v, F f) {
    facts = f == null || f.equals(bottom) ? facts.minus(v) : facts.plus(v, f);
  }

  State<F> copy() {
    return new State<>(bottom, env, facts, holders, fieldRefs, dead);
  }

  /** Takes over {@code other}'s content; {@code other} must not be used afterwards. */
  void become(State<F> other) {
    if (other != this) {
      env = other.env;
      facts = other.facts;
      holders = other.holders;
      fieldRefs = other.fieldRefs;
      dead = other.dead;
    }
  }

  /** Same references, same values, same facts about every referenced value. */
  boolean sameAs(State<F> o) {
    if (dead || o.dead) {
      return dead == o.dead;
    }
    if (!PMap.sameEntries(env, o.env)) {
      return false;
    }
    // Same references: a differing fact matters only for a value one of them holds.
    return PMap.diff(facts, o.facts, (v, x, y) -> !holders.containsKey(v));
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

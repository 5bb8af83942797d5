package dev.sessioncheck.processor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Name;
import org.junit.jupiter.api.Test;

/**
 * A state's copy shares its persistent maps, and the join visits only what two states do not
 * share. These pin that a write never leaks into the other state, that the field-path and holder
 * counts follow every write, and that a join of two states sharing most of their maps equals the
 * join of the same content built apart.
 */
class StateSharingTest {
  private static final Object SITE = new Object();

  /** Facts are sets of strings; the join is the union, like the obligations client's. */
  static final FlowClient<Set<String>> UNION = new FlowClient<>() {
    @Override
    public Set<String> bottom() {
      return Set.of();
    }

    @Override
    public Set<String> join(Set<String> a, Set<String> b) {
      Set<String> u = new HashSet<>(a);
      u.addAll(b);
      return Set.copyOf(u);
    }
  };

  private static Element element(String name) {
    Name n = (Name) Proxy.newProxyInstance(Name.class.getClassLoader(), new Class<?>[] {Name.class},
        (p, m, args) -> switch (m.getName()) {
          case "toString" -> name;
          case "contentEquals" -> name.contentEquals((CharSequence) args[0]);
          case "length" -> name.length();
          case "charAt" -> name.charAt((Integer) args[0]);
          case "subSequence" -> name.subSequence((Integer) args[0], (Integer) args[1]);
          case "hashCode" -> System.identityHashCode(p);
          case "equals" -> p == args[0];
          default -> throw new UnsupportedOperationException(m.getName());
        });
    return (Element) Proxy.newProxyInstance(Element.class.getClassLoader(), new Class<?>[] {Element.class},
        (p, m, args) -> switch (m.getName()) {
          case "getSimpleName" -> n;
          case "toString" -> name;
          case "hashCode" -> System.identityHashCode(p);
          case "equals" -> p == args[0];
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }

  private static Val val(String tag) {
    return new Val(SITE, tag, null);
  }

  @Test
  void writesToACopyDoNotReachTheOriginalAndBack() {
    State<Set<String>> a = new State<>(Set.of());
    Ref x = Ref.temp("x");
    Ref y = Ref.temp("y");
    Val v1 = val("v1");
    Val v2 = val("v2");
    a.put(x, v1);
    a.putFact(v1, Set.of("open"));

    State<Set<String>> b = a.copy();
    assertSame(a.env(), b.env(), "an unchanged copy shares the reference map");
    b.put(y, v2);
    b.putFact(v1, Set.of("ended"));
    b.remove(x);
    assertEquals(v1, a.get(x));
    assertNull(a.get(y));
    assertEquals(Set.of("open"), a.fact(v1));
    assertNull(b.get(x));
    assertEquals(v2, b.get(y));
    assertEquals(Set.of("ended"), b.fact(v1));

    State<Set<String>> c = a.copy();
    a.put(y, v1);
    a.setFact(v1, Set.of("seen"));
    assertNull(c.get(y), "the original's write after a copy reaches the copy");
    assertEquals(Set.of("open"), c.fact(v1));
    assertTrue(a.referenced(v1));
    assertEquals(2, a.refsTo(v1).size());
    assertEquals(1, c.refsTo(v1).size());
  }

  @Test
  void theFieldPathCountFollowsEveryWrite() {
    State<Set<String>> a = new State<>(Set.of());
    Ref f = Ref.THIS.field(element("f"));
    Ref g = Ref.THIS.field(element("g"));
    assertFalse(a.hasFieldRefs());
    a.put(Ref.THIS, val("this"));
    assertFalse(a.hasFieldRefs());
    a.put(f, val("f1"));
    a.put(f, val("f2"));
    a.put(g, val("g1"));
    State<Set<String>> copy = a.copy();
    a.remove(f);
    assertTrue(a.hasFieldRefs());
    a.remove(g);
    a.remove(g);
    assertFalse(a.hasFieldRefs());
    assertTrue(copy.hasFieldRefs(), "the copy keeps its own count");
    copy.remove(f);
    copy.remove(g);
    assertFalse(copy.hasFieldRefs());

    State<Set<String>> taken = new State<>(Set.of());
    State<Set<String>> source = new State<>(Set.of());
    source.put(f, val("f3"));
    taken.become(source);
    assertTrue(taken.hasFieldRefs());
  }

  @Test
  void aJoinOfSharingStatesEqualsTheJoinOfTheSameContentBuiltApart() {
    Flow<Set<String>> flow = new Flow<>(null, null, null, UNION);
    Ref x = Ref.temp("x");
    Ref y = Ref.temp("y");
    Ref z = Ref.temp("z");
    Val v = val("v");
    Val w = val("w");
    Val u = val("u");
    Val garbage = val("unreferenced");

    State<Set<String>> a = new State<>(Set.of());
    a.put(x, v);
    a.put(y, w);
    a.putFact(v, Set.of("open"));
    a.putFact(w, Set.of("ended"));
    a.putFact(garbage, Set.of("open"));
    State<Set<String>> b = a.copy();
    b.putFact(v, Set.of("closed"));
    b.put(z, u);
    b.putFact(u, Set.of("open"));
    assertNotSame(a.env(), b.env());

    // The same content, no map shared with a.
    State<Set<String>> b2 = new State<>(Set.of());
    b2.put(z, u);
    b2.put(y, w);
    b2.put(x, v);
    b2.putFact(v, Set.of("closed"));
    b2.putFact(w, Set.of("ended"));
    b2.putFact(u, Set.of("open"));

    State<Set<String>> shared = flow.join(a, b, null, "test");
    State<Set<String>> apart = flow.join(a, b2, null, "test");
    assertTrue(shared.sameAs(apart));
    assertTrue(apart.sameAs(shared));
    assertEquals(Set.of("open", "closed"), shared.fact(v));
    assertEquals(Set.of("ended"), shared.fact(w));
    // z is known on one side only: it keeps its own (merged) value with u's fact.
    assertNotNull(shared.get(z));
    assertEquals(Set.of("open"), shared.fact(shared.get(z)));
    assertFalse(shared.referenced(garbage));
    // A fact left on a value nothing holds does not make two states differ.
    State<Set<String>> other = shared.copy();
    other.putFact(garbage, Set.of("something else"));
    assertTrue(other.sameAs(shared));
    other.putFact(v, Set.of("something else"));
    assertFalse(other.sameAs(shared));
    // The inputs are unchanged by the join and by writes to its result.
    shared.put(x, w);
    assertEquals(v, a.get(x));
    assertEquals(Set.of("open"), a.fact(v));
    assertEquals(2, shared.holders(w));
    assertEquals(1, a.holders(w));
  }

  @Test
  void factsKeepNoBottomAndHoldersFollowEveryWrite() {
    State<Set<String>> s = new State<>(Set.of());
    Ref x = Ref.temp("x");
    Ref y = Ref.temp("y");
    Val v = val("v");
    s.putFact(v, Set.of("open"));
    assertEquals(List.of(), s.valuesWithFacts(), "a value nothing holds is not listed");
    s.put(x, v);
    s.put(y, v);
    assertEquals(List.of(v), s.valuesWithFacts());
    assertEquals(2, s.holders(v));
    s.setFact(v, Set.of());
    assertFalse(s.facts().containsKey(v), "a bottom fact is not stored");
    assertEquals(Set.of(), s.fact(v));
    s.remove(x);
    assertTrue(s.referenced(v));
    s.put(y, val("other"));
    assertFalse(s.referenced(v));
    assertEquals(0, s.holders(v));
  }
}

package dev.sessioncheck.processor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two clients in one walk: each sees and writes only its own component of the facts, the join is
 * component-wise, and a pair of bottoms is the product's bottom (so the state stores nothing).
 */
class ProductTest {
  /** Sets of strings joined by union (as in StateSharingTest); records what it saw on each use. */
  private static final class Recorder implements FlowClient<Set<String>> {
    final String mark;
    final List<String> seen = new ArrayList<>();

    Recorder(String mark) {
      this.mark = mark;
    }

    @Override
    public Set<String> bottom() {
      return StateSharingTest.UNION.bottom();
    }

    @Override
    public Set<String> join(Set<String> a, Set<String> b) {
      return StateSharingTest.UNION.join(a, b);
    }

    @Override
    public void use(Flow<Set<String>> flow, State<Set<String>> state, Val value, Use use) {
      seen.add(state.fact(value) + " " + state.valuesWithFacts().size());
      state.setFact(value, Set.of(mark));
    }
  }

  @Test
  void eachClientSeesAndWritesItsOwnComponent() {
    Recorder first = new Recorder("first");
    Recorder second = new Recorder("second");
    Product<Set<String>, Set<String>> product = new Product<>(first, second);
    State<Product.Both<Set<String>, Set<String>>> s = new State<>(product.bottom());
    Ref x = Ref.temp("x");
    Val v = new Val(new Object(), "v", null);
    s.put(x, v);
    Use use = new Use(Use.Kind.RECEIVER, null, "x", null, null, null, -1, null, false);

    product.use(null, s, v, use);
    assertEquals(List.of("[] 0"), first.seen);
    assertEquals(List.of("[] 0"), second.seen, "the first client's fact is not the second's");
    product.use(null, s, v, use);
    assertEquals("[first] 1", first.seen.get(1));
    assertEquals("[second] 1", second.seen.get(1));

    Val w = new Val(new Object(), "w", null);
    s.setFact(w, product.join(product.bottom(), product.bottom()));
    assertEquals(false, s.facts().containsKey(w), "two bottoms are the bottom: nothing stored");
    Product.Both<Set<String>, Set<String>> j = product.join(s.fact(v), product.bottom());
    assertEquals(s.fact(v), j, "the bottom is the identity of the join");
    assertSame(product.bottom(), product.join(product.bottom(), product.bottom()));
  }
}

package dev.sessioncheck.processor.flow;

import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two clients in one walk of a body: the facts are pairs, joined component by component, and
 * every event goes to the first client, then to the second, each seeing its own component through
 * a view of the state. The engine's cost is in the walk (trees, references, joins), not in the
 * clients, so two rules over the same bodies cost little more than one.
 *
 * <p>A client can be combined when it treats its {@link Flow} as F-independent (it asks for
 * reporting, units and lines, never hands states or facts back to the engine) and keeps no state
 * object past the event. Both rules of the processor are such clients.
 */
public final class Product<A, B> implements FlowClient<Product.Both<A, B>> {
  /** A fact of each client; immutable, equal when both components are. */
  public static final class Both<A, B> {
    final A a;
    final B b;
    private final int hash;

    Both(A a, B b) {
      this.a = a;
      this.b = b;
      this.hash = 31 * a.hashCode() + b.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Both)) {
        return false;
      }
      Both<?, ?> x = (Both<?, ?>) o;
      return hash == x.hash && a.equals(x.a) && b.equals(x.b);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return "(" + a + ", " + b + ")";
    }
  }

  private final FlowClient<A> first;
  private final FlowClient<B> second;
  private final Both<A, B> bottom;

  public Product(FlowClient<A> first, FlowClient<B> second) {
    this.first = first;
    this.second = second;
    this.bottom = new Both<>(first.bottom(), second.bottom());
  }

  @Override
  public Both<A, B> bottom() {
    return bottom;
  }

  @Override
  public Both<A, B> join(Both<A, B> x, Both<A, B> y) {
    A a = x.a == y.a ? x.a : first.join(x.a, y.a);
    B b = x.b == y.b ? x.b : second.join(x.b, y.b);
    return pair(a, b);
  }

  @Override
  public Both<A, B> captured(Both<A, B> outer) {
    return pair(first.captured(outer.a), second.captured(outer.b));
  }

  private Both<A, B> pair(A a, B b) {
    return a.equals(bottom.a) && b.equals(bottom.b) ? bottom : new Both<>(a, b);
  }

  // The casts below are sound for clients as the class comment requires: Flow's methods they call
  // do not depend on F.
  @SuppressWarnings("unchecked")
  private Flow<A> flowA(Flow<Both<A, B>> flow) {
    return (Flow<A>) (Flow<?>) flow;
  }

  @SuppressWarnings("unchecked")
  private Flow<B> flowB(Flow<Both<A, B>> flow) {
    return (Flow<B>) (Flow<?>) flow;
  }

  @Override
  public void enterBody(Flow<Both<A, B>> flow, State<Both<A, B>> state, Body body) {
    first.enterBody(flowA(flow), new View<>(state, true, bottom.a, this), body);
    second.enterBody(flowB(flow), new View<>(state, false, bottom.b, this), body);
  }

  @Override
  public void created(Flow<Both<A, B>> flow, State<Both<A, B>> state, Val value, Origin origin) {
    first.created(flowA(flow), new View<>(state, true, bottom.a, this), value, origin);
    second.created(flowB(flow), new View<>(state, false, bottom.b, this), value, origin);
  }

  @Override
  public void use(Flow<Both<A, B>> flow, State<Both<A, B>> state, Val value, Use use) {
    first.use(flowA(flow), new View<>(state, true, bottom.a, this), value, use);
    second.use(flowB(flow), new View<>(state, false, bottom.b, this), value, use);
  }

  @Override
  public void call(Flow<Both<A, B>> flow, State<Both<A, B>> state, Call call) {
    first.call(flowA(flow), new View<>(state, true, bottom.a, this), call);
    second.call(flowB(flow), new View<>(state, false, bottom.b, this), call);
  }

  @Override
  public void lost(Flow<Both<A, B>> flow, State<Both<A, B>> state, Val value, Ref ref, Tree where, long line) {
    first.lost(flowA(flow), new View<>(state, true, bottom.a, this), value, ref, where, line);
    second.lost(flowB(flow), new View<>(state, false, bottom.b, this), value, ref, where, line);
  }

  /**
   * One component of a product state, read and written through the state itself: references
   * and liveness are the whole state's, facts are the component's.
   */
  private static final class View<F, A, B> extends State<F> {
    private final State<Both<A, B>> whole;
    private final boolean isFirst;
    private final Product<A, B> product;

    View(State<Both<A, B>> whole, boolean isFirst, F bottom, Product<A, B> product) {
      super(bottom);
      this.whole = whole;
      this.isFirst = isFirst;
      this.product = product;
    }

    @SuppressWarnings("unchecked")
    private F part(Both<A, B> f) {
      return (F) (isFirst ? f.a : f.b);
    }

    @Override
    public boolean isDead() {
      return whole.isDead();
    }

    @Override
    public F fact(Val v) {
      return part(whole.fact(v));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void setFact(Val v, F f) {
      Both<A, B> now = whole.fact(v);
      whole.setFact(v, isFirst ? product.pair((A) f, now.b) : product.pair(now.a, (B) f));
    }

    @Override
    public Val get(Ref r) {
      return whole.get(r);
    }

    @Override
    public boolean referenced(Val v) {
      return whole.referenced(v);
    }

    @Override
    public List<Val> valuesWithFacts() {
      List<Val> out = new ArrayList<>();
      F none = part(product.bottom);
      for (Val v : whole.valuesWithFacts()) {
        if (!Objects.equals(part(whole.fact(v)), none)) {
          out.add(v);
        }
      }
      return out;
    }

    @Override
    public List<Ref> refsTo(Val v) {
      return whole.refsTo(v);
    }

    @Override
    public String toString() {
      return (isFirst ? "first of " : "second of ") + whole;
    }
  }
}

package dev.sessioncheck.processor.flow;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable hash map whose updates share every untouched part with the map they came from (a
 * hash array mapped trie: 32-way nodes indexed by five bits of the hash per level).
 *
 * <p>Why the engine has its own: a flow state is copied at every branch, jump and throwing call,
 * and joined at every merge point. With flat maps a copy that is later written costs a full clone
 * and a join a walk over every tracked reference, so a method with many live variables costs time
 * quadratic in its length. Here a write costs a path of the trie, and {@link #diff} walks only the
 * subtrees two maps do not share, so a join costs what changed since the branch. The processor
 * ships no dependency outside the JDK, which has no persistent map.
 *
 * <p>Read through the {@link Map} view; {@link #plus} and {@link #minus} return new maps.
 */
final class PMap<K, V> extends AbstractMap<K, V> {
  private static final int BITS = 5;
  private static final int MASK = (1 << BITS) - 1;
  /** Past this shift every bit of the hash is used up: keys that still meet collide for real. */
  private static final int MAX_SHIFT = 30;

  private static final PMap<?, ?> EMPTY = new PMap<>(new Node(0, new Object[0]), 0);

  private final Node root;
  private final int size;

  private PMap(Node root, int size) {
    this.root = root;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  static <K, V> PMap<K, V> empty() {
    return (PMap<K, V>) EMPTY;
  }

  /** One key and its value; immutable, shared between maps. */
  private static final class Leaf {
    final int hash;
    final Object key;
    final Object value;

    Leaf(int hash, Object key, Object value) {
      this.hash = hash;
      this.key = key;
      this.value = value;
    }
  }

  /**
   * A trie node: {@code bitmap} says which of the 32 slots are used, {@code slots} holds them in
   * bit order, each a {@link Leaf} or a {@link Node}. At {@link #MAX_SHIFT} a node holds only
   * leaves of equal hash, with a zero bitmap (a collision list).
   */
  private static final class Node {
    final int bitmap;
    final Object[] slots;

    Node(int bitmap, Object[] slots) {
      this.bitmap = bitmap;
      this.slots = slots;
    }

    boolean collision() {
      return bitmap == 0 && slots.length > 0;
    }
  }

  private static int hash(Object key) {
    int h = key.hashCode();
    return h ^ (h >>> 16);
  }

  private static int bit(int hash, int shift) {
    return 1 << ((hash >>> shift) & MASK);
  }

  private static int index(int bitmap, int bit) {
    return Integer.bitCount(bitmap & (bit - 1));
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    return key != null && leaf(key) != null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    if (key == null) {
      return null;
    }
    Leaf l = leaf(key);
    return l == null ? null : (V) l.value;
  }

  private Leaf leaf(Object key) {
    int h = hash(key);
    Node n = root;
    for (int shift = 0; ; shift += BITS) {
      if (n.collision()) {
        for (Object o : n.slots) {
          Leaf l = (Leaf) o;
          if (l.key.equals(key)) {
            return l;
          }
        }
        return null;
      }
      int bit = bit(h, shift);
      if ((n.bitmap & bit) == 0) {
        return null;
      }
      Object slot = n.slots[index(n.bitmap, bit)];
      if (slot instanceof Leaf) {
        Leaf l = (Leaf) slot;
        return l.hash == h && l.key.equals(key) ? l : null;
      }
      n = (Node) slot;
    }
  }

  /** This map with {@code key} mapped to {@code value} (this map itself when it already was). */
  PMap<K, V> plus(K key, V value) {
    Objects.requireNonNull(key);
    Objects.requireNonNull(value);
    int[] added = new int[1];
    Node r = plus(root, 0, new Leaf(hash(key), key, value), added);
    return r == root ? this : new PMap<>(r, size + added[0]);
  }

  private static Node plus(Node n, int shift, Leaf leaf, int[] added) {
    if (shift > MAX_SHIFT || n.collision()) {
      for (int i = 0; i < n.slots.length; i++) {
        Leaf l = (Leaf) n.slots[i];
        if (l.key.equals(leaf.key)) {
          return Objects.equals(l.value, leaf.value) ? n : new Node(0, with(n.slots, i, leaf));
        }
      }
      added[0] = 1;
      return new Node(0, inserted(n.slots, n.slots.length, leaf));
    }
    int bit = bit(leaf.hash, shift);
    int i = index(n.bitmap, bit);
    if ((n.bitmap & bit) == 0) {
      added[0] = 1;
      return new Node(n.bitmap | bit, inserted(n.slots, i, leaf));
    }
    Object slot = n.slots[i];
    if (slot instanceof Node) {
      Node c = plus((Node) slot, shift + BITS, leaf, added);
      return c == slot ? n : new Node(n.bitmap, with(n.slots, i, c));
    }
    Leaf l = (Leaf) slot;
    if (l.hash == leaf.hash && l.key.equals(leaf.key)) {
      return Objects.equals(l.value, leaf.value) ? n : new Node(n.bitmap, with(n.slots, i, leaf));
    }
    added[0] = 1;
    return new Node(n.bitmap, with(n.slots, i, pair(l, leaf, shift + BITS)));
  }

  /** The smallest subtree holding two leaves of different keys from {@code shift} down. */
  private static Node pair(Leaf a, Leaf b, int shift) {
    if (shift > MAX_SHIFT) {
      return new Node(0, new Object[] {a, b});
    }
    int ba = bit(a.hash, shift);
    int bb = bit(b.hash, shift);
    if (ba == bb) {
      return new Node(ba, new Object[] {pair(a, b, shift + BITS)});
    }
    return new Node(ba | bb, Integer.compareUnsigned(ba, bb) < 0 ? new Object[] {a, b} : new Object[] {b, a});
  }

  /** This map without {@code key} (this map itself when it had none). */
  PMap<K, V> minus(Object key) {
    if (key == null) {
      return this;
    }
    Object r = minus(root, 0, hash(key), key);
    if (r == root) {
      return this;
    }
    Node n = r == null ? new Node(0, new Object[0]) : r instanceof Leaf ? single((Leaf) r, 0) : (Node) r;
    return new PMap<>(n, size - 1);
  }

  /**
   * {@code n} without the key: {@code n} itself when absent, {@code null} when nothing is left, or
   * a lone {@link Leaf} when one key is left (the parent then holds it inline).
   */
  private static Object minus(Node n, int shift, int h, Object key) {
    if (n.collision()) {
      for (int i = 0; i < n.slots.length; i++) {
        if (((Leaf) n.slots[i]).key.equals(key)) {
          if (n.slots.length == 2) {
            return n.slots[1 - i];
          }
          return new Node(0, without(n.slots, i));
        }
      }
      return n;
    }
    int bit = bit(h, shift);
    if ((n.bitmap & bit) == 0) {
      return n;
    }
    int i = index(n.bitmap, bit);
    Object slot = n.slots[i];
    Object replacement;
    if (slot instanceof Leaf) {
      Leaf l = (Leaf) slot;
      if (l.hash != h || !l.key.equals(key)) {
        return n;
      }
      replacement = null;
    } else {
      replacement = minus((Node) slot, shift + BITS, h, key);
      if (replacement == slot) {
        return n;
      }
    }
    if (replacement == null) {
      int rest = n.bitmap & ~bit;
      if (rest == 0) {
        return null;
      }
      Object[] left = without(n.slots, i);
      if (left.length == 1 && left[0] instanceof Leaf && shift > 0) {
        return left[0];
      }
      return new Node(rest, left);
    }
    if (replacement instanceof Leaf && n.slots.length == 1 && shift > 0) {
      return replacement;
    }
    return new Node(n.bitmap, with(n.slots, i, replacement));
  }

  private static Node single(Leaf l, int shift) {
    return new Node(bit(l.hash, shift), new Object[] {l});
  }

  private static Object[] with(Object[] a, int i, Object x) {
    Object[] b = a.clone();
    b[i] = x;
    return b;
  }

  private static Object[] inserted(Object[] a, int i, Object x) {
    Object[] b = new Object[a.length + 1];
    System.arraycopy(a, 0, b, 0, i);
    b[i] = x;
    System.arraycopy(a, i, b, i + 1, a.length - i);
    return b;
  }

  private static Object[] without(Object[] a, int i) {
    Object[] b = new Object[a.length - 1];
    System.arraycopy(a, 0, b, 0, i);
    System.arraycopy(a, i + 1, b, i, a.length - i - 1);
    return b;
  }

  // ------------------------------------------------------------------------------------ diff

  /** Told of each key whose entry differs between two maps; returns false to stop the walk. */
  interface Diff<K, V> {
    /** {@code a} or {@code b} is null where that map has no entry for {@code key}. */
    boolean differs(K key, V a, V b);
  }

  /**
   * Calls {@code d} for every key present in only one of the maps or mapped to unequal values,
   * skipping every subtree the two maps share; false when {@code d} stopped the walk.
   */
  static <K, V> boolean diff(PMap<K, V> a, PMap<K, V> b, Diff<K, V> d) {
    return a.root == b.root || diff(a.root, b.root, 0, d);
  }

  /** True when both maps hold the same keys mapped to equal values. */
  static <K, V> boolean sameEntries(PMap<K, V> a, PMap<K, V> b) {
    return a == b || a.size == b.size && diff(a, b, (k, x, y) -> false);
  }

  @SuppressWarnings("unchecked")
  private static <K, V> boolean diff(Object x, Object y, int shift, Diff<K, V> d) {
    if (x == y) {
      return true;
    }
    if (x instanceof Node && y instanceof Node && !((Node) x).collision() && !((Node) y).collision()) {
      Node a = (Node) x;
      Node b = (Node) y;
      int all = a.bitmap | b.bitmap;
      while (all != 0) {
        int bit = all & -all;
        all &= ~bit;
        Object sa = (a.bitmap & bit) == 0 ? null : a.slots[index(a.bitmap, bit)];
        Object sb = (b.bitmap & bit) == 0 ? null : b.slots[index(b.bitmap, bit)];
        if (sa == null) {
          if (!oneSide(sb, false, d)) {
            return false;
          }
        } else if (sb == null) {
          if (!oneSide(sa, true, d)) {
            return false;
          }
        } else if (!diff(sa, sb, shift + BITS, d)) {
          return false;
        }
      }
      return true;
    }
    if (x instanceof Leaf && y instanceof Leaf) {
      Leaf a = (Leaf) x;
      Leaf b = (Leaf) y;
      if (a.hash == b.hash && a.key.equals(b.key)) {
        return Objects.equals(a.value, b.value) || d.differs((K) a.key, (V) a.value, (V) b.value);
      }
      return d.differs((K) a.key, (V) a.value, null) && d.differs((K) b.key, null, (V) b.value);
    }
    // A leaf against a subtree, or a collision list: few entries on at least one side.
    List<Leaf> la = new ArrayList<>();
    List<Leaf> lb = new ArrayList<>();
    leaves(x, la);
    leaves(y, lb);
    for (Leaf a : la) {
      Leaf match = null;
      for (Leaf b : lb) {
        if (a.hash == b.hash && a.key.equals(b.key)) {
          match = b;
          break;
        }
      }
      if (match == null) {
        if (!d.differs((K) a.key, (V) a.value, null)) {
          return false;
        }
      } else if (!Objects.equals(a.value, match.value) && !d.differs((K) a.key, (V) a.value, (V) match.value)) {
        return false;
      }
    }
    for (Leaf b : lb) {
      boolean found = false;
      for (Leaf a : la) {
        if (a.hash == b.hash && a.key.equals(b.key)) {
          found = true;
          break;
        }
      }
      if (!found && !d.differs((K) b.key, null, (V) b.value)) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static <K, V> boolean oneSide(Object slot, boolean left, Diff<K, V> d) {
    List<Leaf> ls = new ArrayList<>();
    leaves(slot, ls);
    for (Leaf l : ls) {
      if (!(left ? d.differs((K) l.key, (V) l.value, null) : d.differs((K) l.key, null, (V) l.value))) {
        return false;
      }
    }
    return true;
  }

  private static void leaves(Object slot, List<Leaf> out) {
    if (slot instanceof Leaf) {
      out.add((Leaf) slot);
      return;
    }
    for (Object o : ((Node) slot).slots) {
      leaves(o, out);
    }
  }

  // ------------------------------------------------------------------------------- Map view

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
          private final ArrayDeque<Object> stack = new ArrayDeque<>(List.of(root));
          private Leaf next = advance();

          private Leaf advance() {
            while (!stack.isEmpty()) {
              Object o = stack.pop();
              if (o instanceof Leaf) {
                return (Leaf) o;
              }
              Object[] slots = ((Node) o).slots;
              for (int i = slots.length - 1; i >= 0; i--) {
                stack.push(slots[i]);
              }
            }
            return null;
          }

          @Override
          public boolean hasNext() {
            return next != null;
          }

          @Override
          @SuppressWarnings("unchecked")
          public Map.Entry<K, V> next() {
            if (next == null) {
              throw new NoSuchElementException();
            }
            Leaf l = next;
            next = advance();
            return new SimpleImmutableEntry<>((K) l.key, (V) l.value);
          }
        };
      }
    };
  }
}

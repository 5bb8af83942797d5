package dev.sessioncheck.processor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The persistent map against {@link HashMap} under random writes, with keys whose hashes collide
 * in part or in full (the trie's deep levels and collision lists), and its diff against a diff
 * computed entry by entry.
 */
class PMapTest {
  /** A key with a chosen hash, so that tests reach every shape of the trie. */
  private record Key(int id, int hash) {
    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).id == id;
    }
  }

  private static Key key(Random rnd, int id, int mode) {
    return switch (mode) {
      case 0 -> new Key(id, rnd.nextInt()); // spread
      case 1 -> new Key(id, id & 0x7); // few hashes: collision lists
      default -> new Key(id, (id & 0x3) << 27 | 0x15); // equal low bits: deep paths
    };
  }

  private static Map<Key, Integer> diffByEntries(Map<Key, Integer> a, Map<Key, Integer> b) {
    Map<Key, Integer> out = new HashMap<>();
    Set<Key> keys = new HashSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (Key k : keys) {
      if (!Objects.equals(a.get(k), b.get(k))) {
        out.put(k, Objects.hash(a.get(k), b.get(k)));
      }
    }
    return out;
  }

  @Test
  void randomWritesMatchAHashMapAndDiffsMatchAnEntryWiseDiff() {
    for (int mode = 0; mode < 3; mode++) {
      Random rnd = new Random(0x5E55 + mode);
      for (int trial = 0; trial < 40; trial++) {
        int keys = 1 + rnd.nextInt(trial < 20 ? 12 : 400);
        List<Key> pool = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
          pool.add(key(rnd, i, mode));
        }
        PMap<Key, Integer> p = PMap.empty();
        Map<Key, Integer> h = new HashMap<>();
        List<PMap<Key, Integer>> versions = new ArrayList<>();
        List<Map<Key, Integer>> snapshots = new ArrayList<>();
        for (int step = 0; step < 3 * keys + 20; step++) {
          Key k = pool.get(rnd.nextInt(keys));
          if (rnd.nextInt(3) == 0) {
            PMap<Key, Integer> q = p.minus(k);
            if (!h.containsKey(k)) {
              assertSame(p, q, "removing an absent key changes nothing");
            }
            p = q;
            h.remove(k);
          } else {
            int v = rnd.nextInt(4);
            PMap<Key, Integer> q = p.plus(k, v);
            if (Integer.valueOf(v).equals(h.get(k))) {
              assertSame(p, q, "putting an equal value changes nothing");
            }
            p = q;
            h.put(k, v);
          }
          assertEquals(h.size(), p.size());
          if (rnd.nextInt(5) == 0) {
            versions.add(p);
            snapshots.add(new HashMap<>(h));
          }
        }
        assertEquals(h, new HashMap<>(p), "content, through the iterator");
        assertEquals(h.size(), p.entrySet().size());
        for (Key k : pool) {
          assertEquals(h.get(k), p.get(k));
          assertEquals(h.containsKey(k), p.containsKey(k));
        }
        versions.add(p);
        snapshots.add(new HashMap<>(h));
        // Every old version is intact, and diffs between versions (consecutive ones, which share
        // most of their trie, and random pairs) agree with the entry-wise one.
        for (int i = 0; i < versions.size(); i++) {
          assertEquals(snapshots.get(i), new HashMap<>(versions.get(i)), "version " + i + " unchanged");
          for (int j : new int[] {i, Math.max(0, i - 1), rnd.nextInt(versions.size()), rnd.nextInt(versions.size())}) {
            Map<Key, Integer> seen = new HashMap<>();
            assertTrue(PMap.diff(versions.get(i), versions.get(j), (k, x, y) -> {
              assertNull(seen.put(k, Objects.hash(x, y)), "each key once");
              return true;
            }));
            Map<Key, Integer> want = diffByEntries(snapshots.get(i), snapshots.get(j));
            assertEquals(want, seen, "mode " + mode + " trial " + trial + " diff " + i + "/" + j);
            assertEquals(want.isEmpty(), PMap.sameEntries(versions.get(i), versions.get(j)));
          }
        }
      }
    }
  }

  @Test
  void aDiffOfTwoVersionsReportsWhatChanged() {
    PMap<Integer, Integer> base = PMap.empty();
    for (int i = 0; i < 10_000; i++) {
      base = base.plus(i, i);
    }
    PMap<Integer, Integer> changed = base.plus(17, -1).minus(4242).plus(20_000, 0);
    List<Integer> visited = new ArrayList<>();
    PMap.diff(base, changed, (k, x, y) -> visited.add(k));
    visited.sort(null);
    assertEquals(List.of(17, 4242, 20_000), visited);
    assertFalse(PMap.diff(base, changed, (k, x, y) -> false), "the visitor can stop the walk");
    assertTrue(PMap.diff(base, base, (k, x, y) -> false));
  }
}

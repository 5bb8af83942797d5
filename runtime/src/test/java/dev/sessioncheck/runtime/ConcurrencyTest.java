package dev.sessioncheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.json.SessionJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Item 7 at the manager/store level, with real threads racing on one session. */
class ConcurrencyTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void shutdown() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private <T> List<T> all(List<Callable<T>> tasks) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> t : tasks) {
      futures.add(pool.submit(t));
    }
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      out.add(f.get(30, TimeUnit.SECONDS));
    }
    return out;
  }

  @Test
  void concurrentRequestsDoNotLoseEachOthersAttributeWrites() throws Exception {
    int requests = 8;
    for (int round = 0; round < 20; round++) {
      try (Fixture f = new Fixture()) {
        String cookie = f.login();
        CyclicBarrier allLoaded = new CyclicBarrier(requests);
        List<Callable<CommitResult>> tasks = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
          int n = i;
          tasks.add(() -> {
            Session s = f.load(cookie);
            allLoaded.await(); // every request has read the same version before anyone commits
            s.set("k" + n, n);
            if (n == 0) {
              s.remove("user");
            }
            return f.manager.commit(s, Fixture.request(cookie));
          });
        }
        for (CommitResult r : all(tasks)) {
          assertInstanceOf(CommitResult.Committed.class, r);
        }
        Map<String, Object> expected = new HashMap<>();
        for (int i = 0; i < requests; i++) {
          expected.put("k" + i, i);
        }
        assertEquals(expected, f.load(cookie).attributes(), "round " + round);
      }
    }
  }

  @Test
  @SuppressWarnings("sessioncheck:use-after-terminal") // commit must see the ended session
  void aDestroyIsNeverUndoneByAConcurrentCommit() throws Exception {
    for (int round = 0; round < 50; round++) {
      try (Fixture f = new Fixture()) {
        String cookie = f.login();
        String id = f.load(cookie).id();
        CyclicBarrier bothLoaded = new CyclicBarrier(3);
        List<Callable<Optional<String>>> tasks = new ArrayList<>();
        tasks.add(() -> { // logout
          Session s = f.load(cookie);
          bothLoaded.await();
          assertTrue(s.destroy().ok());
          return f.commit(s, cookie);
        });
        for (int i = 0; i < 2; i++) {
          boolean explicitSave = i == 0;
          tasks.add(() -> { // a slow request still writing to the session
            Session s = f.load(cookie);
            bothLoaded.await();
            if (ThreadLocalRandom.current().nextBoolean()) {
              Thread.yield();
            }
            s.set("late", true);
            if (explicitSave) {
              SaveResult r = s.save();
              if (!r.ok()) {
                assertEquals(StoreError.Kind.CONFLICT, r.failure().orElseThrow().kind());
              }
            }
            return f.commit(s, cookie);
          });
        }
        List<Optional<String>> cookies = all(tasks);
        assertEquals(Optional.of("connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT;"
            + " HttpOnly; SameSite=Lax"), cookies.get(0));
        assertEquals(Optional.empty(), f.memory.load(id).orThrow(), "round " + round);
        assertEquals(0, f.memory.entryCount());
        assertTrue(f.load(cookie).isNew());
      }
    }
  }

  @Test
  void commitAfterAConcurrentDestroyClearsTheCookie() throws Exception {
    try (Fixture f = new Fixture()) {
      String cookie = f.login();
      Session slow = f.load(cookie);
      Session logout = f.load(cookie);
      assertTrue(pool.submit(() -> logout.destroy().ok()).get());
      slow.set("x", 1);
      assertEquals(Optional.of("connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT;"
          + " HttpOnly; SameSite=Lax"), f.commit(slow, cookie));
      Session untouched = f.load(null);
      assertFalse(untouched.has("x"));
      assertEquals(0, f.memory.entryCount());
    }
  }

  @Test
  void memoryStoreAccountingStaysExactUnderContention() throws Exception {
    MutableClock clock = new MutableClock();
    try (MemoryStore store = MemoryStore.builder().clock(clock).maxEntries(50).maxBytes(20_000)
        .sweepInterval(Duration.ofMillis(1)).build()) {
      StoredCookie cookie = new StoredCookie(Optional.empty(), Optional.empty(), Optional.empty(),
          true, Optional.empty(), "/", Optional.empty(), false, Optional.empty());
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(() -> {
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          for (int i = 0; i < 2_000; i++) {
            String id = "s" + rnd.nextInt(120);
            switch (rnd.nextInt(5)) {
              case 0 -> consume(store.save(id, new SessionWrite(SessionWrite.Mode.CREATE, cookie,
                  clock.instant(), clock.instant(), Map.of("pad", "x".repeat(rnd.nextInt(400))),
                  Set.of(), Optional.of(clock.instant().plusMillis(rnd.nextInt(50))))));
              case 1 -> consume(store.save(id, new SessionWrite(SessionWrite.Mode.UPDATE, cookie,
                  clock.instant(), clock.instant(), Map.of("n", i), Set.of("pad"), Optional.empty())));
              case 2 -> consume(store.destroy(id));
              case 3 -> consume(store.load(id));
              default -> clock.advance(Duration.ofMillis(1));
            }
          }
          return null;
        });
      }
      all(tasks);
      store.sweep(); // the clock stands still from here, so nothing expires while we recount
      long recomputed = 0;
      List<String> ids = store.ids().orThrow();
      for (String id : ids) {
        recomputed += id.getBytes(StandardCharsets.UTF_8).length
            + SessionJson.write(store.load(id).orThrow().orElseThrow()).length;
      }
      assertEquals(store.entryCount(), ids.size());
      assertEquals(recomputed, store.byteCount());
      assertTrue(store.entryCount() <= 50);
      assertTrue(store.byteCount() <= 20_000);
    }
  }

  /** Failures are expected in the random workload (conflicts, rejections); only the accounting matters. */
  private static void consume(StoreResult<?> r) {
    if (r.failure().isPresent()) {
      assertTrue(Set.of(StoreError.Kind.CONFLICT, StoreError.Kind.REJECTED)
          .contains(r.failure().get().kind()), r.failure().get().toString());
    }
  }
}

package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers updating shared sessions while a fault is injected, and the books kept on them: every
 * operation's outcome and duration, which writes were acknowledged, and afterwards which of those
 * are missing (lost) and which destroyed sessions exist again (resurrected).
 */
final class FaultRun {
  /** What one run saw. */
  record Figures(String fault, int operations, int ok, Map<StoreError.Kind, Integer> failures,
      long slowestMs, int okAfterFault, int lost, int resurrected, int doneOnDestroyed) {
    int failed() {
      return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
      return String.format("[redis-fault] %s: operations=%d ok=%d failed=%d %s slowestMs=%d "
          + "okAfterFault=%d lostAcknowledgedWrites=%d resurrected=%d", fault, operations, ok,
          failed(), failures, slowestMs, okAfterFault, lost, resurrected);
    }
  }

  /** A fault: runs on the test thread while the writers go on, and returns when it is over. */
  interface Fault {
    void inject() throws Exception;
  }

  private FaultRun() {}

  /**
   * Creates 9 sessions (3 of them destroyed at once), runs {@code writers} threads that UPDATE
   * random ones with a fresh attribute each time, injects the fault after {@code leadMs}, lets the
   * writers go on for {@code tailMs} after it, then checks the books through the store.
   */
  static Figures run(String name, RedisStore store, int writers, long leadMs, Fault fault,
      long tailMs) throws Exception {
    Instant created = Instant.now();
    List<String> live = new ArrayList<>();
    List<String> destroyed = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      String id = "f" + i + "-" + System.nanoTime();
      assertEquals(StoreResult.ok(WriteStatus.DONE),
          store.save(id, RedisStoreTest.create(Map.of("seed", i), Instant.now().plusSeconds(600))));
      if (i % 3 == 2) {
        assertEquals(StoreResult.ok(WriteStatus.DONE), store.destroy(id));
        destroyed.add(id);
      } else {
        live.add(id);
      }
    }
    List<String> all = new ArrayList<>(live);
    all.addAll(destroyed);

    Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger ops = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger okAfter = new AtomicInteger();
    AtomicInteger doneOnDestroyed = new AtomicInteger();
    AtomicLong slowest = new AtomicLong();
    Map<StoreError.Kind, AtomicInteger> failures = new ConcurrentHashMap<>();
    AtomicLong faultOverAt = new AtomicLong(Long.MAX_VALUE);
    AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);

    CountDownLatch started = new CountDownLatch(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(pool.submit(() -> {
          started.countDown();
          int k = 0;
          while (System.nanoTime() < stopAt.get()) {
            String id = all.get(ThreadLocalRandom.current().nextInt(all.size()));
            String attr = "w" + writer + "-" + k++;
            Instant exp = Instant.now().plusSeconds(600);
            SessionWrite write = new SessionWrite(SessionWrite.Mode.UPDATE,
                RedisStoreTest.cookie(exp), created, Instant.now(), Map.of(attr, k), Set.of(),
                Optional.of(exp));
            long s = System.nanoTime();
            StoreResult<WriteStatus> r = store.save(id, write);
            slowest.accumulateAndGet(
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s), Math::max);
            ops.incrementAndGet();
            if (r.ok()) {
              ok.incrementAndGet();
              if (s > faultOverAt.get()) {
                okAfter.incrementAndGet();
              }
              if (r.orThrow() == WriteStatus.DONE) {
                acknowledged.computeIfAbsent(id, x -> ConcurrentHashMap.newKeySet()).add(attr);
                if (destroyed.contains(id)) {
                  doneOnDestroyed.incrementAndGet();
                }
              }
            } else {
              failures.computeIfAbsent(r.failure().orElseThrow().kind(), x -> new AtomicInteger())
                  .incrementAndGet();
              // A refused connection fails in microseconds: do not spin the shared CPUs on it.
              Thread.sleep(2);
            }
          }
          return null;
        }));
      }
      started.await();
      Thread.sleep(leadMs);
      fault.inject();
      faultOverAt.set(System.nanoTime());
      stopAt.set(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tailMs));
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("fault-run workers still running 10 s after shutdownNow()");
      }
    }

    int lost = 0;
    for (Map.Entry<String, Set<String>> e : acknowledged.entrySet()) {
      Optional<SessionRecord> r = store.load(e.getKey()).orThrow();
      for (String attr : e.getValue()) {
        if (r.isEmpty() || !r.get().attributes().containsKey(attr)) {
          lost++;
        }
      }
    }
    int resurrected = 0;
    for (String id : destroyed) {
      if (store.load(id).orThrow().isPresent()) {
        resurrected++;
      }
    }
    Map<StoreError.Kind, Integer> failed = new EnumMap<>(StoreError.Kind.class);
    failures.forEach((k, v) -> failed.put(k, v.get()));
    Figures f = new Figures(name, ops.get(), ok.get(), Collections.unmodifiableMap(failed),
        slowest.get(), okAfter.get(), lost, resurrected, doneOnDestroyed.get());
    System.out.println(f);
    return f;
  }
}

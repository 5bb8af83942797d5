package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/**
 * The built-in {@code mustcheck} models of JDK methods that report failure by returning false
 * (models.txt): {@code java.io.File}, locks, semaphores, latches, conditions, blocking queues and
 * deques. Each family has a dropped case that is reported and a checked case that is
 * not; calls through implementation types (ReentrantLock, LinkedBlockingQueue, LinkedBlockingDeque,
 * ThreadPoolExecutor) are matched because their methods implement the modelled ones. What is left
 * out on purpose (ExecutorService#awaitTermination, Queue#offer, Deque#offerFirst,
 * CyclicBarrier#await, Condition#awaitNanos) is pinned as silent. File#delete/mkdir/mkdirs can be
 * settled by asking the file afterwards (checkedBy); FileModelsTest covers them in full.
 */
class JdkModelsTest {

  @Test
  void fileResultsMustBeChecked() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.IOException;
            class Files {
              void dropped(File f, File g) throws IOException {
                f.renameTo(g); // expect: unchecked-result "the result of f.renameTo() is discarded"
                f.createNewFile(); // expect: unchecked-result "the result of f.createNewFile() is discarded"
                f.setLastModified(0L); // expect: unchecked-result "the result of f.setLastModified() is discarded"
                f.setReadOnly(); // expect: unchecked-result "the result of f.setReadOnly() is discarded"
                f.setWritable(true); // expect: unchecked-result "the result of f.setWritable() is discarded"
                f.setWritable(true, false); // expect: unchecked-result "the result of f.setWritable() is discarded"
                f.setReadable(true); // expect: unchecked-result "the result of f.setReadable() is discarded"
                f.setReadable(true, true); // expect: unchecked-result "the result of f.setReadable() is discarded"
                f.setExecutable(false); // expect: unchecked-result "the result of f.setExecutable() is discarded"
                f.setExecutable(false, true); // expect: unchecked-result "the result of f.setExecutable() is discarded"
              }
              void stored(File f, File g) {
                boolean moved = f.renameTo(g); // expect: unchecked-result "the result of f.renameTo() in 'moved' is not checked"
              }
              void checked(File f, File g) throws IOException {
                if (!f.renameTo(g) || !f.createNewFile()) {
                  throw new IOException("cannot move " + f);
                }
                boolean locked = f.setReadOnly();
                if (!locked) {
                  throw new IOException("still writable: " + f);
                }
              }
              long checkedByAskingTheFile(File f, File dir) throws IOException {
                f.exists();
                f.length();
                // false from mkdirs also means "already there": the idiom checks isDirectory() next.
                dir.mkdirs();
                dir.mkdir();
                if (!dir.isDirectory()) {
                  throw new IOException("cannot create " + dir);
                }
                // Nothing asks exists() afterwards, so a failed delete would go unnoticed.
                f.delete(); // expect: unchecked-result "the result of f.delete() is discarded, and 'f' is not checked with exists()"
                return f.lastModified();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void lockAndSemaphoreAttemptsMustBeChecked() {
    CheckerHarness.sources(
            """
            import java.util.concurrent.Semaphore;
            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.locks.Lock;
            import java.util.concurrent.locks.ReentrantLock;
            class Locks {
              void dropped(Lock lock, ReentrantLock reentrant, Semaphore sem) throws InterruptedException {
                lock.tryLock(); // expect: unchecked-result "the result of lock.tryLock() is discarded"
                lock.tryLock(1, TimeUnit.SECONDS); // expect: unchecked-result "the result of lock.tryLock() is discarded"
                reentrant.tryLock(); // expect: unchecked-result "the result of reentrant.tryLock() is discarded"
                sem.tryAcquire(); // expect: unchecked-result "the result of sem.tryAcquire() is discarded"
                sem.tryAcquire(2); // expect: unchecked-result "the result of sem.tryAcquire() is discarded"
                sem.tryAcquire(1, TimeUnit.SECONDS); // expect: unchecked-result "the result of sem.tryAcquire() is discarded"
                sem.tryAcquire(2, 1, TimeUnit.SECONDS); // expect: unchecked-result "the result of sem.tryAcquire() is discarded"
              }
              int checked(Lock lock, ReentrantLock reentrant, Semaphore sem) throws InterruptedException {
                if (!lock.tryLock()) {
                  return -1;
                }
                try {
                  if (reentrant.tryLock(1, TimeUnit.SECONDS)) {
                    reentrant.unlock();
                  }
                  return sem.tryAcquire() ? 1 : 0;
                } finally {
                  lock.unlock();
                }
              }
              void blocking(Lock lock, Semaphore sem) throws InterruptedException {
                lock.lock();
                lock.unlock();
                sem.acquire();
                sem.release();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void timedWaitsMustBeChecked() {
    CheckerHarness.sources(
            """
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.ExecutorService;
            import java.util.concurrent.ThreadPoolExecutor;
            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.locks.Condition;
            import static java.util.concurrent.TimeUnit.SECONDS;
            class Waits {
              void dropped(CountDownLatch latch, Condition cond) throws InterruptedException {
                latch.await(1, SECONDS); // expect: unchecked-result "the result of latch.await() is discarded"
                cond.await(1, TimeUnit.SECONDS); // expect: unchecked-result "the result of cond.await() is discarded"
              }
              boolean terminationIsReadAnotherWay(ExecutorService pool, ThreadPoolExecutor tpe) throws InterruptedException {
                pool.shutdown();
                pool.awaitTermination(1, SECONDS);
                tpe.awaitTermination(Long.MAX_VALUE, SECONDS);
                return pool.isTerminated();
              }
              void untimedWaitsReturnNothing(CountDownLatch latch, Condition cond) throws InterruptedException {
                latch.await();
                cond.await();
              }
              void checked(CountDownLatch latch, Condition cond, ExecutorService pool) throws InterruptedException {
                if (!latch.await(1, SECONDS)) {
                  throw new IllegalStateException("timed out");
                }
                while (!cond.await(1, SECONDS)) {
                  pool.shutdownNow();
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void blockingQueueOffersMustBeCheckedButPlainQueueOffersNeedNot() {
    CheckerHarness.sources(
            """
            import java.util.ArrayDeque;
            import java.util.Queue;
            import java.util.concurrent.ArrayBlockingQueue;
            import java.util.concurrent.BlockingQueue;
            import java.util.concurrent.LinkedBlockingQueue;
            import java.util.concurrent.TimeUnit;
            class Queues {
              void dropped(BlockingQueue<String> q, LinkedBlockingQueue<String> linked, String x)
                  throws InterruptedException {
                ArrayBlockingQueue<String> bounded = new ArrayBlockingQueue<>(1);
                q.offer(x); // expect: unchecked-result "the result of q.offer() is discarded"
                q.offer(x, 1, TimeUnit.SECONDS); // expect: unchecked-result "the result of q.offer() is discarded"
                linked.offer(x); // expect: unchecked-result "the result of linked.offer() is discarded"
                bounded.offer(x); // expect: unchecked-result "the result of bounded.offer() is discarded"
              }
              boolean checked(BlockingQueue<String> q, String x) throws InterruptedException {
                if (!q.offer(x)) {
                  q.put(x);
                }
                return q.offer(x, 1, TimeUnit.SECONDS);
              }
              void plainQueues(Queue<String> q, String x) {
                q.offer(x);
                new ArrayDeque<String>().offer(x);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void conditionAwaitUntilMustBeChecked() {
    CheckerHarness.sources(
            """
            import java.util.Date;
            import java.util.concurrent.locks.Condition;
            class Deadlines {
              void dropped(Condition cond, Date deadline) throws InterruptedException {
                cond.awaitUntil(deadline); // expect: unchecked-result "the result of cond.awaitUntil() is discarded"
                boolean inTime = cond.awaitUntil(deadline); // expect: unchecked-result "the result of cond.awaitUntil() in 'inTime' is not checked"
              }
              void checked(Condition cond, Date deadline, boolean[] ready) throws InterruptedException {
                boolean inTime = true;
                while (!ready[0] && inTime) {
                  inTime = cond.awaitUntil(deadline);
                }
                if (!inTime) {
                  throw new IllegalStateException("deadline passed");
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void blockingDequeOffersAtEitherEndMustBeCheckedButPlainDequeOffersNeedNot() {
    CheckerHarness.sources(
            """
            import java.util.ArrayDeque;
            import java.util.Deque;
            import java.util.concurrent.BlockingDeque;
            import java.util.concurrent.ConcurrentLinkedDeque;
            import java.util.concurrent.LinkedBlockingDeque;
            import java.util.concurrent.TimeUnit;
            class Deques {
              void dropped(BlockingDeque<String> d, String x) throws InterruptedException {
                LinkedBlockingDeque<String> bounded = new LinkedBlockingDeque<>(1);
                d.offerFirst(x); // expect: unchecked-result "the result of d.offerFirst() is discarded"
                d.offerLast(x); // expect: unchecked-result "the result of d.offerLast() is discarded"
                d.offerFirst(x, 1, TimeUnit.SECONDS); // expect: unchecked-result "the result of d.offerFirst() is discarded"
                d.offerLast(x, 1, TimeUnit.SECONDS); // expect: unchecked-result "the result of d.offerLast() is discarded"
                d.offer(x); // expect: unchecked-result "the result of d.offer() is discarded"
                bounded.offerFirst(x); // expect: unchecked-result "the result of bounded.offerFirst() is discarded"
                bounded.offerLast(x, 1, TimeUnit.SECONDS); // expect: unchecked-result "the result of bounded.offerLast() is discarded"
              }
              boolean checked(BlockingDeque<String> d, String x) throws InterruptedException {
                if (!d.offerFirst(x)) {
                  d.putFirst(x);
                }
                boolean queued = d.offerLast(x, 1, TimeUnit.SECONDS);
                return queued && d.offerFirst(x, 1, TimeUnit.SECONDS);
              }
              void plainDeques(Deque<String> d, String x) {
                d.offerFirst(x);
                d.offerLast(x);
                new ArrayDeque<String>().offerFirst(x);
                new ConcurrentLinkedDeque<String>().offerLast(x);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void cyclicBarrierArrivalIndexIsFreeToIgnore() {
    // await returns an arrival index, not a success flag: a timeout or a broken barrier throws.
    CheckerHarness.sources(
            """
            import java.util.concurrent.BrokenBarrierException;
            import java.util.concurrent.CyclicBarrier;
            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.TimeoutException;
            import java.util.concurrent.locks.Condition;
            class Barriers {
              void run(CyclicBarrier barrier, Condition cond)
                  throws InterruptedException, BrokenBarrierException, TimeoutException {
                barrier.await();
                barrier.await(1, TimeUnit.SECONDS);
                cond.awaitNanos(1_000L);
              }
            }
            """)
        .expectFromMarkers();
  }
}

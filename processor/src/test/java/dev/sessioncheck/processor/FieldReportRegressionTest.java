package dev.sessioncheck.processor;

import dev.sessioncheck.processor.testing.CheckerHarness;
import org.junit.jupiter.api.Test;

/**
 * Code from the field run (benchmarks/real-projects, docs/field-report.md), cut down to what the
 * checker saw. Each case names its project, version and file. The first group was reported and
 * is correct code: the models or the rule were fixed and these pin the silence (the File cases
 * now with delete/mkdir/mkdirs modelled again, settled by {@code checkedBy}; FileModelsTest has the
 * reported counterparts). The last group was silent and right, and stays so.
 */
class FieldReportRegressionTest {

  // ------------------------------------------------------------ fixed in models.txt / Contracts

  /**
   * Guava 33.3.1 com/google/common/io/Files.java:477 (createParentDirs): the discarded mkdirs()
   * result is settled by asking isDirectory() on the same receiver (checkedBy in models.txt).
   */
  @Test
  void mkdirsThenIsDirectoryIsTheRobustIdiom() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.IOException;
            class CreateParentDirs {
              static void createParentDirs(File file) throws IOException {
                File parent = file.getCanonicalFile().getParentFile();
                if (parent == null) {
                  return;
                }
                parent.mkdirs();
                if (!parent.isDirectory()) {
                  throw new IOException("Unable to create parent directories of " + file);
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  /**
   * Guava 33.3.1 com/google/common/io/FileBackedOutputStream.java:252 (update): delete() with
   * checkedBy=exists leaves an obligation on temp, but the only path after it leaves by throw, where
   * losses are never reported.
   */
  @Test
  void deleteAsBestEffortCleanupBeforeRethrowing() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.FileOutputStream;
            import java.io.IOException;
            import java.io.OutputStream;
            class Spill {
              OutputStream spill(byte[] data) throws IOException {
                File temp = File.createTempFile("FileBackedOutputStream", null);
                try {
                  FileOutputStream transfer = new FileOutputStream(temp);
                  transfer.write(data);
                  return transfer;
                } catch (IOException e) {
                  temp.delete();
                  throw e;
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  /**
   * Guava 33.3.1 com/google/common/util/concurrent/MoreExecutors.java:277 (a shutdown hook) and
   * :1021 (shutdownAndAwaitTermination), Commons IO 2.17.0
   * org/apache/commons/io/input/ReadAheadInputStream.java:281 (close).
   */
  @Test
  void awaitTerminationWhoseOutcomeIsReadAnotherWayOrDoesNotMatter() {
    CheckerHarness.sources(
            """
            import java.util.concurrent.ExecutorService;
            import java.util.concurrent.TimeUnit;
            class Shutdowns {
              static void addDelayedShutdownHook(ExecutorService service, long timeout, TimeUnit unit) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                  try {
                    service.shutdown();
                    service.awaitTermination(timeout, unit);
                  } catch (InterruptedException ignored) {
                    // shutting down anyway
                  }
                }));
              }
              static boolean shutdownAndAwaitTermination(ExecutorService service, long timeout, TimeUnit unit) {
                long half = unit.toNanos(timeout) / 2;
                service.shutdown();
                try {
                  if (!service.awaitTermination(half, TimeUnit.NANOSECONDS)) {
                    service.shutdownNow();
                    service.awaitTermination(half, TimeUnit.NANOSECONDS);
                  }
                } catch (InterruptedException ie) {
                  Thread.currentThread().interrupt();
                  service.shutdownNow();
                }
                return service.isTerminated();
              }
              static void closeReadAhead(ExecutorService executorService) throws InterruptedException {
                executorService.shutdownNow();
                executorService.awaitTermination(Long.MAX_VALUE, TimeUnit.SECONDS);
              }
            }
            """)
        .expectFromMarkers();
  }

  /**
   * StreamEx 0.8.3 one/util/streamex/Java9Specific.java:33-34, Java16Specific.java:30-31 and :59,
   * EntryStream.java:1100-1117 (equalKeys), StreamEx.java:2307: package-private helpers of a stream
   * implementation (stream() hands out the wrapped stream) were taken for stream operations. Only
   * public methods are operations; public ones declared in the subclass still are.
   */
  @Test
  void nonPublicHelpersOfAStreamImplementationAreNotOperations() {
    CheckerHarness.sources(
            """
            package ex;
            import java.util.List;
            import java.util.function.Predicate;
            import java.util.stream.Stream;
            public abstract class WrappedStream<T> implements Stream<T> {
              Stream<T> wrapped;
              Object context;
              final Stream<T> stream() {
                return wrapped;
              }
              Predicate<T> equalKeys() {
                return x -> true;
              }
              abstract WrappedStream<T> supply(Stream<T> s);
              public abstract List<T> toList();
              WrappedStream<T> callWhile(WrappedStream<T> s, Predicate<? super T> p) {
                Stream<T> up = s.stream();
                return s.supply(up.takeWhile(p));
              }
              WrappedStream<T> collapse() {
                Predicate<T> keys = equalKeys();
                return supply(stream().filter(keys));
              }
              static <T> Object of(WrappedStream<T> ase) {
                return List.of(ase.stream(), ase.context);
              }
              static <T> int twice(WrappedStream<T> s) {
                List<T> first = s.toList();
                return first.size() + s.toList().size(); // expect: use-after-terminal "'s' is used after s.toList()"
              }
            }
            """)
        .expectFromMarkers();
  }

  // ------------------------------------------------------------ need the flow engine / rules (issue 6)

  /**
   * Guava 33.3.1 com/google/common/collect/Streams.java:373-374 (zip), :481/:514 (mapWithIndex)
   * and six more; jOOλ 0.9.15 org/jooq/lambda/Seq.java (47: {@code .onClose(seq::close)} after
   * {@code seq.flatMap(...)}, {@code .onClose(this::close)} after {@code zipWithIndex()}) and
   * SeqUtils.java:87: a bound method reference to an allowAfter method ({@code stream::close}) after
   * the stream was consumed by {@code spliterator()}. Creating {@code s::close} only evaluates
   * {@code s}; the call it stands for is legal after the end.
   */
  @Test
  void methodReferenceToAnAllowedMethodAfterTheEnd() {
    CheckerHarness.sources(
            """
            import java.util.Spliterator;
            import java.util.stream.Stream;
            import java.util.stream.StreamSupport;
            class Zip {
              static <T> Stream<T> rewrap(Stream<T> stream) {
                boolean isParallel = stream.isParallel();
                Spliterator<T> from = stream.spliterator();
                return StreamSupport.stream(from, isParallel).onClose(stream::close);
              }
              static <T> Runnable counter(Stream<T> stream) {
                stream.spliterator();
                return stream::count; // expect: use-after-terminal
              }
            }
            """)
        .expectFromMarkers();
  }

  /**
   * StreamEx 0.8.3 one/util/streamex/AbstractStreamEx.java:106-113 (appendSpliterator) and ten more
   * in AbstractStreamEx, IntStreamEx, LongStreamEx, DoubleStreamEx, VersionSpecific, StreamEx:2306,
   * EntryStream:1771: the implementation consumes itself with the public spliterator() and then
   * hands the spliterator to its own package-private factory or reads its own field. Clients of a
   * modelled type can reach only its public methods; non-public members are the implementation's.
   */
  @Test
  void aStreamImplementationUsesItsOwnInternalsAfterConsumingItself() {
    CheckerHarness.sources(
            """
            package ex;
            import java.util.Spliterator;
            import java.util.stream.Stream;
            public abstract class SelfStream<T> implements Stream<T> {
              Object context;
              abstract SelfStream<T> supply(Spliterator<T> s);
              public SelfStream<T> prefix() {
                Spliterator<T> spltr = spliterator();
                return supply(spltr);
              }
              static <T> Object of(SelfStream<T> ase) {
                return new Object[] {ase.spliterator(), ase.context};
              }
              static long twice(SelfStream<?> other) {
                other.spliterator();
                return other.count(); // expect: use-after-terminal
              }
              static Object internalsOfAnAnnotatedContractStayUses(Ticket t) {
                t.punch();
                return t.holder; // expect: use-after-terminal
              }
            }
            class Ticket {
              Object holder;
              @dev.sessioncheck.annotations.TerminalOp void punch() {}
            }
            """)
        .expectFromMarkers();
  }

  /**
   * jOOλ 0.9.15 org/jooq/lambda/SeqImpl.java:604-605 (toString): the implementation buffers its
   * elements with toArray() and then serves them again from its own stream(), which it overrides to
   * read the buffer. Correct only because of that override, which the model cannot see: needs
   * model-based contracts not to end {@code this} inside a class that implements the modelled type.
   */
  @Test
  void aStreamImplementationThatBuffersItselfInToString() {
    CheckerHarness.sources(
            """
            import java.util.stream.Stream;
            abstract class BufferedSeq<T> implements Stream<T> {
              Object[] buffered;
              @Override
              public String toString() {
                buffered = toArray();
                return String.valueOf(stream());
              }
              public abstract Stream<T> stream();
            }
            """)
        .expectFromMarkers();
  }

  /**
   * StreamEx 0.8.3 one/util/streamex/StreamEx.java:1995-1996 (zipWith) and :2068-2069: the consumed
   * {@code other} goes to a package-private helper, StreamContext.combine(BaseStream), which only
   * calls {@code isParallel()} and reads a field. Settled by reading what the helper (compiled in
   * the same run) does with its parameter (ParamUses; more cases in EndedArgumentTest).
   */
  @Test
  void anEndedStreamPassedToAHelperThatOnlyAsksIsParallel() {
    CheckerHarness.sources(
            """
            import java.util.Spliterator;
            import java.util.stream.BaseStream;
            import java.util.stream.Stream;
            class Zipper {
              static boolean parallel(BaseStream<?, ?> other) {
                return other != null && other.isParallel();
              }
              static <T> Object zip(Stream<T> other) {
                Spliterator<T> s = other.spliterator();
                return parallel(other) ? s : null;
              }
            }
            """)
        .expectFromMarkers();
  }

  // ------------------------------------------------------------ silent in the field, and right

  /**
   * Spring Security 6.3.4 SecurityContextLogoutHandler.java:72-74 (getId logged after invalidate)
   * and SessionFixationProtectionStrategy.java:91-92 (the variable gets the new session), compiled
   * against the real jakarta.servlet-api 6.0.0.
   */
  @Test
  void springSecuritySessionHandling() {
    CheckerHarness.sources(
            """
            import jakarta.servlet.http.HttpServletRequest;
            import jakarta.servlet.http.HttpSession;
            import java.util.Map;
            class Sessions {
              void logout(HttpServletRequest request, StringBuilder log) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                  session.invalidate();
                  log.append("Invalidated session ").append(session.getId());
                }
              }
              HttpSession applySessionFixation(HttpServletRequest request, Map<String, Object> attrs) {
                HttpSession session = request.getSession();
                int maxInactive = session.getMaxInactiveInterval();
                session.invalidate();
                session = request.getSession(true);
                attrs.forEach(session::setAttribute);
                session.setMaxInactiveInterval(maxInactive);
                return session;
              }
              void wrong(HttpServletRequest request) {
                HttpSession session = request.getSession();
                session.invalidate();
                session.setAttribute("user", null); // expect: use-after-terminal "'session' is used after session.invalidate()"
              }
            }
            """)
        .expectFromMarkers();
  }
}

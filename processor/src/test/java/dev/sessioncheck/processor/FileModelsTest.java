package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessioncheck.processor.model.Contracts;
import dev.sessioncheck.processor.model.Models;
import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java.io.File#delete}, {@code mkdir} and {@code mkdirs} are must-check with {@code
 * checkedBy} (models.txt): a discarded result is settled by asking the receiver afterwards
 * ({@code isDirectory()} / {@code exists()} for the mkdirs, {@code exists()} for delete) or by the
 * receiver escaping to code that may ask; it is reported at the call when the receiver is lost on a
 * normal path first, or at once when nothing holds the receiver. The idioms the field run found in
 * Guava stay silent (FieldReportRegressionTest pins them as they are in Guava).
 */
class FileModelsTest {

  @Test
  void mkdirsThenAskingTheDirectoryIsTheRobustIdiom() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.IOException;
            class Dirs {
              void isDirectory(File dir) throws IOException {
                dir.mkdirs();
                if (!dir.isDirectory()) {
                  throw new IOException("cannot create " + dir);
                }
              }
              boolean exists(File base) {
                File dir = new File(base, "cache");
                dir.mkdir();
                return dir.exists();
              }
              void askedLaterAfterOtherUses(File dir) throws IOException {
                dir.mkdirs();
                String path = dir.getPath();
                System.out.println("created " + dir + " at " + path);
                if (!dir.isDirectory()) {
                  throw new IOException(path);
                }
              }
              void checkedResultsAsToday(File dir) throws IOException {
                if (!dir.mkdirs() && !dir.isDirectory()) {
                  throw new IOException("cannot create " + dir);
                }
                boolean made = dir.mkdir();
                if (!made) {
                  System.out.println("already there");
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void mkdirsNeverAskedIsReportedAtTheCall() {
    CheckerHarness.sources(
            """
            import java.io.File;
            class Dirs {
              void never(File dir) {
                dir.mkdirs(); // expect: unchecked-result "the result of dir.mkdirs() is discarded, and 'dir' is not checked with isDirectory() or exists() before it is dropped on line 5"
              }
              void otherUsesDoNotCheck(File base) {
                File dir = new File(base, "out");
                dir.mkdir(); // expect: unchecked-result "'dir' is not checked with isDirectory() or exists()"
                System.out.println("writing to " + dir.getPath() + " " + dir.lastModified());
                if (dir == base || dir.canWrite()) {
                  System.out.println("same or writable");
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void theMessageSaysWhatToDo() {
    Result r =
        CheckerHarness.sources(
                """
                import java.io.File;
                class Cleanup {
                  void run(File f) {
                    f.delete();
                  }
                }
                """)
            .compile();
    assertEquals(1, r.sessioncheck("unchecked-result").size(), r.toString());
    CheckerHarness.Diag d = r.sessioncheck("unchecked-result").get(0);
    assertEquals(4, d.line(), d.toString());
    assertEquals(
        "[sessioncheck:unchecked-result] the result of f.delete() is discarded, and 'f' is not checked with exists() before it is dropped on line 5",
        d.firstLine());
    assertEquals(
        "Check the result, or call exists() on 'f' afterwards on every path that goes on normally; otherwise a failure goes unnoticed.",
        d.rest().trim());
  }

  @Test
  void deleteInACatchThatRethrowsIsBestEffortCleanup() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.FileOutputStream;
            import java.io.IOException;
            class Spill {
              FileOutputStream open(File temp) throws IOException {
                try {
                  return new FileOutputStream(temp);
                } catch (IOException e) {
                  temp.delete();
                  throw e;
                }
              }
              void wrapped(File temp) {
                try {
                  new FileOutputStream(temp).close();
                } catch (IOException e) {
                  temp.delete();
                  throw new IllegalStateException(e);
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void deleteOnAPathThatGoesOnNormallyIsReported() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.FileOutputStream;
            import java.io.IOException;
            class Spill {
              boolean swallowed(File temp) {
                try {
                  new FileOutputStream(temp).close();
                  return true;
                } catch (IOException e) {
                  temp.delete(); // expect: unchecked-result "'temp' is not checked with exists() before it is dropped on line 11"
                  return false;
                }
              }
              void replace(File f, byte[] data) throws IOException {
                f.delete(); // expect: unchecked-result "the result of f.delete() is discarded, and 'f' is not checked with exists()"
                System.out.println("deleted " + f.getName());
              }
              void inFinally(File temp) throws IOException {
                try {
                  new FileOutputStream(temp).close();
                } finally {
                  temp.delete(); // expect: unchecked-result "'temp' is not checked with exists()"
                }
              }
              void checked(File f) throws IOException {
                f.delete();
                if (f.exists()) {
                  throw new IOException("cannot delete " + f);
                }
                if (!f.delete()) {
                  throw new IOException("cannot delete " + f);
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void anUnnamedVariableIsADiscard() {
    assumeTrue(Runtime.version().feature() >= 22, "unnamed variables need Java 22; run on JDK 25");
    CheckerHarness.sources(
            """
            import java.io.File;
            class Unnamed {
              void run(File f, File dir) {
                var _ = f.delete(); // expect: unchecked-result "'f' is not checked with exists()"
                var _ = dir.mkdirs();
                if (!dir.isDirectory()) {
                  throw new IllegalStateException("no " + dir);
                }
                var _ = new File(dir, "x").delete(); // expect: unchecked-result "the result of new File(dir, \\"x\\").delete() is discarded"
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aReceiverNothingHoldsIsReportedAtOnce() {
    CheckerHarness.sources(
            """
            import java.io.File;
            class Unheld {
              void run(String p, File f) {
                new File(p).delete(); // expect: unchecked-result "the result of new File(p).delete() is discarded"
                f.getParentFile().mkdirs(); // expect: unchecked-result "the result of f.getParentFile().mkdirs() is discarded"
                new File(p, "x").mkdir(); // expect: unchecked-result "the result of new File(p, \\"x\\").mkdir() is discarded"
                if (f.getParentFile().isDirectory()) {
                  return;
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aStoredResultIsCheckedAsBefore() {
    CheckerHarness.sources(
            """
            import java.io.File;
            class Stored {
              void run(File f) {
                boolean gone = f.delete(); // expect: unchecked-result "the result of f.delete() in 'gone' is not checked"
                if (f.exists()) {
                  System.out.println("still there");
                }
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void askingOnOnlyOneBranchLeavesTheOtherPathUnchecked() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.IOException;
            class Branches {
              void oneBranch(File dir, boolean strict) throws IOException {
                dir.mkdirs(); // expect: unchecked-result "'dir' is not checked with isDirectory() or exists()"
                if (strict) {
                  if (!dir.isDirectory()) {
                    throw new IOException("no " + dir);
                  }
                }
              }
              void bothBranches(File dir, boolean strict) throws IOException {
                dir.mkdirs();
                if (strict) {
                  if (!dir.isDirectory()) {
                    throw new IOException("no " + dir);
                  }
                } else if (!dir.exists()) {
                  System.out.println("missing " + dir);
                }
              }
              void earlyReturn(File f, boolean quick) {
                f.delete(); // expect: unchecked-result "'f' is not checked with exists() before it is dropped on line 25"
                if (quick) {
                  return;
                }
                System.out.println(f.exists());
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aReceiverThatEscapesMayBeCheckedElsewhere() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.FileOutputStream;
            import java.io.IOException;
            import java.util.List;
            import java.util.function.BooleanSupplier;
            class Escapes {
              File kept;
              File[] slots = new File[1];
              static void verify(File dir) {}
              void argument(File dir) {
                dir.mkdirs();
                verify(dir);
              }
              File returned(File dir) {
                dir.mkdirs();
                return dir;
              }
              void field(File f) {
                f.delete();
                kept = f;
              }
              void array(File f) {
                f.delete();
                slots[0] = f;
              }
              void collection(File f, List<File> pending) {
                f.delete();
                pending.add(f);
              }
              // Any argument counts, a JDK constructor that asks nothing included: the analysis does
              // not look into callees, and most File-taking code fails loudly on a missing file.
              void constructor(File dir) throws IOException {
                dir.mkdirs();
                new FileOutputStream(new File(dir, "x")).close();
              }
              BooleanSupplier captured(File f) {
                f.delete();
                return () -> f.exists();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void aliasesOverwritesAndFieldPaths() {
    CheckerHarness.sources(
            """
            import java.io.File;
            class Refs {
              File dir;
              void alias(File f) {
                File g = f;
                f.delete();
                if (g.exists()) {
                  System.out.println("kept " + g);
                }
              }
              void overwritten(File f, File other) {
                File cur = new File(f, "a");
                cur.delete(); // expect: unchecked-result "'cur' is not checked with exists() before it is dropped on line 14"
                cur = other;
                System.out.println(cur.exists());
              }
              void fieldNeverAsked() {
                this.dir.mkdirs(); // expect: unchecked-result "'this.dir' is not checked with isDirectory() or exists()"
              }
              boolean fieldAsked() {
                this.dir.mkdirs();
                return this.dir.isDirectory();
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void loops() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.IOException;
            class Loops {
              void deleteAll(File[] files) {
                for (File f : files) {
                  f.delete(); // expect: unchecked-result "'f' is not checked with exists()"
                }
              }
              void deleteAllChecked(File[] files) throws IOException {
                for (File f : files) {
                  f.delete();
                  if (f.exists()) {
                    throw new IOException("cannot delete " + f);
                  }
                }
              }
              void retry(File f) {
                while (f.exists()) {
                  f.delete();
                }
              }
              void retryBounded(File f) {
                for (int i = 0; i < 3; i++) {
                  f.delete(); // expect: unchecked-result "'f' is not checked with exists()"
                }
              }
              void mkdirsEach(File[] dirs) throws IOException {
                int i = 0;
                do {
                  dirs[i].mkdirs(); // expect: unchecked-result "the result of dirs[i].mkdirs() is discarded"
                  File d = dirs[i];
                  d.mkdirs();
                  if (!d.isDirectory()) {
                    throw new IOException("no " + d);
                  }
                } while (++i < dirs.length);
              }
            }
            """)
        .expectFromMarkers();
  }

  @Test
  void lambdasAndSuppression() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.util.List;
            class Lambdas {
              void each(List<File> files) {
                files.forEach(f -> f.delete()); // expect: unchecked-result "'f' is not checked with exists()"
                files.forEach(f -> {
                  f.delete();
                  if (f.exists()) {
                    System.out.println("left " + f);
                  }
                });
              }
              @SuppressWarnings("sessioncheck:unchecked-result")
              void bestEffort(File f) {
                f.delete();
              }
            }
            """)
        .expectFromMarkers();
  }

  /** The example of docs/rules/unchecked-result.md, three lines further down (imports, class). */
  @Test
  void theDocumentedExample() {
    CheckerHarness.sources(
            """
            import java.io.File;
            import java.io.IOException;
            class Prepare {
              void prepare(File dir, File stale, File temp) throws IOException {
                dir.mkdirs();
                if (!dir.isDirectory()) {
                  throw new IOException("cannot create " + dir);
                }
                try {
                  write(temp);
                } catch (IOException e) {
                  temp.delete();
                  throw e;
                }
                stale.delete(); // expect: unchecked-result "the result of stale.delete() is discarded, and 'stale' is not checked with exists() before it is dropped on line 17"
                System.out.println("removed " + stale);
              }
              void write(File f) throws IOException {}
            }
            """)
        .expectFromMarkers();
  }

  // ------------------------------------------------------------ models: checkedBy in user files

  private static final String TX =
      """
      package legacy;
      public interface Tx {
        boolean commit();
        boolean isCommitted();
        String id();
      }
      """;

  private static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aUserModelCanNameCheckingMethods(@TempDir Path dir) throws IOException {
    Path models = write(dir, "tx.txt", "mustcheck legacy.Tx#commit checkedBy=isCommitted\n");
    CheckerHarness.sources(
            TX,
            """
            import legacy.Tx;
            class Client {
              void asked(Tx tx) {
                tx.commit();
                if (!tx.isCommitted()) {
                  throw new IllegalStateException(tx.id());
                }
              }
              void notAsked(Tx tx) {
                tx.commit(); // expect: unchecked-result "the result of tx.commit() is discarded, and 'tx' is not checked with isCommitted() before it is dropped on line 11"
              }
            }
            """)
        .options("-Asessioncheck.models=" + models)
        .expectFromMarkers();
  }

  @Test
  void aBareUserLineMakesABuiltInResultStrictAgain(@TempDir Path dir) throws IOException {
    Path models = write(dir, "strict.txt", "mustcheck java.io.File#delete\n");
    CheckerHarness.sources(
            """
            import java.io.File;
            class Strict {
              void run(File f, File dir) {
                f.delete(); // expect: unchecked-result "the result of f.delete() is discarded"
                if (f.exists()) {
                  System.out.println("left");
                }
                dir.mkdirs();
                System.out.println(dir.isDirectory());
              }
            }
            """)
        .options("-Asessioncheck.models=" + models)
        .expectFromMarkers();
  }

  @Test
  void aUserLineCanAddCheckingMethods(@TempDir Path dir) throws IOException {
    Path models = write(dir, "more.txt", "mustcheck java.io.File#delete checkedBy=canRead\n");
    CheckerHarness.sources(
            """
            import java.io.File;
            class More {
              boolean run(File f, File g) {
                f.delete();
                g.delete();
                boolean readable = f.canRead();
                return g.exists() && readable;
              }
              boolean shortCircuit(File f, File g) {
                f.delete();
                g.delete(); // expect: unchecked-result "'g' is not checked with exists() or canRead()"
                return f.canRead() && g.exists();
              }
            }
            """)
        .options("-Asessioncheck.models=" + models)
        .expectFromMarkers();
  }

  @Test
  void annotatedResultsHaveNoCheckingMethods(@TempDir Path dir) throws IOException {
    // An annotated contract says the result must be inspected; a model line cannot loosen it.
    Path models = write(dir, "loose.txt", "mustcheck legacy.Box#put checkedBy=isFull\n");
    CheckerHarness.sources(
            """
            package legacy;
            import dev.sessioncheck.annotations.MustCheck;
            public interface Box {
              @MustCheck boolean put(String s);
              boolean isFull();
            }
            """,
            """
            import legacy.Box;
            class Client {
              boolean run(Box b) {
                b.put("x"); // expect: unchecked-result "the result of b.put() is discarded"
                return b.isFull();
              }
            }
            """)
        .options("-Asessioncheck.models=" + models)
        .expectFromMarkers();
  }

  /** Lines that misuse the attributes (the line numbers matter). */
  private static final String MISUSED =
      """
      mustcheck legacy.Tx#commit checkedBy=isCommitted
      terminal legacy.Tx#commit checkedBy=isCommitted
      mustcheck legacy.Tx#commit allowAfter=id
      mustcheck legacy.Tx#commit except=id
      mustcheck legacy.Tx#commit checkedBy=
      mustcheck legacy.Tx#commit checkedBy=,
      mustcheck legacy.Tx#commit checkedBy=isCommitted,id extra=1
      mustcheck legacy.Tx#commit checkedBy=isComitted
      """;

  @Test
  void misusedAttributesAreProblemsNamingFileAndLine(@TempDir Path dir) throws IOException {
    Path file = write(dir, "misused.txt", MISUSED);
    Models models = Models.load(file.toString());
    String f = file.toString();
    assertEquals(
        List.of(
            f + ":2: checkedBy applies to mustcheck lines only in 'terminal legacy.Tx#commit checkedBy=isCommitted'",
            f + ":3: allowAfter applies to terminal lines only in 'mustcheck legacy.Tx#commit allowAfter=id'",
            f + ":4: except applies to terminal lines only in 'mustcheck legacy.Tx#commit except=id'",
            f + ":5: checkedBy names no method in 'mustcheck legacy.Tx#commit checkedBy='",
            f + ":6: checkedBy names no method in 'mustcheck legacy.Tx#commit checkedBy=,'",
            f + ":7: unknown attribute 'extra=1' in 'mustcheck legacy.Tx#commit checkedBy=isCommitted,id extra=1'"),
        models.problems());
    List<Models.Rule> user = models.rules().stream().filter(r -> r.origin.startsWith(f)).collect(Collectors.toList());
    assertEquals(2, user.size(), user.toString());
    assertEquals(Set.of("isCommitted"), user.get(0).checkedBy);
    // A name the type lacks parses, and is the "does not match its type" warning instead.
    assertEquals(Set.of("isComitted"), user.get(1).checkedBy);
    List<String> mismatches =
        LibraryModelsTest.withElements(List.of(TX), (elements, types) -> new Contracts(elements, types, models).modelProblems());
    assertEquals(List.of(f + ":8: checkedBy names 'isComitted', which is no method of legacy.Tx"), mismatches);
  }

  @Test
  void misusedAttributesReachTheUserAndTheRestStillApplies(@TempDir Path dir) throws IOException {
    Path file = write(dir, "misused.txt", MISUSED);
    Result r =
        CheckerHarness.sources(
                TX,
                """
                import legacy.Tx;
                class Client {
                  void run(Tx tx) {
                    tx.commit();
                  }
                }
                """)
            .options("-Asessioncheck.models=" + file)
            .compile();
    assertFalse(r.succeeded(), "a bad models line fails the build: " + r);
    List<String> errors = nonRule(r, Diagnostic.Kind.ERROR);
    List<String> warnings = nonRule(r, Diagnostic.Kind.WARNING);
    String f = file.toString();
    // Lines 2-7 do not parse: one error each, naming file and line. Line 8 parses but names a
    // method Tx lacks: a warning, and the line still applies.
    assertEquals(6, errors.size(), errors.toString());
    for (int line = 2; line <= 7; line++) {
      String at = "bad library model: " + f + ":" + line + ": ";
      assertTrue(errors.stream().anyMatch(e -> e.contains(at)), at + " in " + errors);
    }
    assertTrue(errors.stream().anyMatch(e -> e.contains(f + ":2: checkedBy applies to mustcheck lines only")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.contains(f + ":5: checkedBy names no method")), errors.toString());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("library model does not match its type: " + f + ":8: checkedBy names 'isComitted'"), warnings.toString());
    // Line 1 applies: the discarded commit() is never followed by isCommitted().
    assertEquals(1, r.sessioncheck("unchecked-result").size(), r.toString());
    assertTrue(r.sessioncheck("unchecked-result").get(0).message().contains("'tx' is not checked with isCommitted() or isComitted()"), r.toString());
  }

  /** Diagnostics of {@code kind} that are not rule findings: the checker's own set-up messages. */
  private static List<String> nonRule(Result r, Diagnostic.Kind kind) {
    return r.diagnostics().stream()
        .filter(d -> d.kind() == kind && !d.isSessioncheck() && d.message().startsWith("sessioncheck:"))
        .map(d -> d.message())
        .collect(Collectors.toList());
  }

  @Test
  void theBuiltInFileLinesNameRealMethods() {
    Models builtIn = Models.load(null);
    List<String> wrong =
        LibraryModelsTest.withElements(
            List.of("class Empty {}"),
            (elements, types) -> {
              TypeElement file = elements.getTypeElement("java.io.File");
              Set<String> names =
                  ElementFilter.methodsIn(elements.getAllMembers(file)).stream()
                      .map(m -> m.getSimpleName().toString())
                      .collect(Collectors.toSet());
              Contracts contracts = new Contracts(elements, types, builtIn);
              List<String> out = new java.util.ArrayList<>();
              for (ExecutableElement m : ElementFilter.methodsIn(file.getEnclosedElements())) {
                String n = m.getSimpleName().toString();
                Set<String> by = contracts.checkedBy(m);
                Set<String> expected =
                    n.equals("delete") ? Set.of("exists") : n.equals("mkdir") || n.equals("mkdirs") ? Set.of("isDirectory", "exists") : Set.of();
                if (!by.equals(expected)) {
                  out.add(n + ": " + by);
                }
                if (!names.containsAll(by)) {
                  out.add(n + ": checkedBy names a method File lacks: " + by);
                }
                if (!by.isEmpty() && !contracts.isMustCheck(m)) {
                  out.add(n + ": checkedBy without mustcheck");
                }
              }
              return out;
            });
    assertEquals(List.of(), wrong);
  }
}

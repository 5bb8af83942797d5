package dev.sessioncheck.examples.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where the catalogue lives and how an entry's name maps to its files: entry {@code store-error}
 * is package {@code dev.sessioncheck.examples.catalogue.storeerror} with {@code StoreErrorBug.java}
 * and {@code StoreErrorFixed.java}.
 */
public final class Catalogue {
  /** Every failure issue 4 names, in its order. */
  public static final List<String> ENTRIES = List.of(
      "missing-secret",
      "store-error",
      "destroy-callback-error-unchecked",
      "destroy-no-callback",
      "regenerate-callback-error-unchecked",
      "save-callback-error-unchecked",
      "save-before-redirect-missing",
      "reload-session-not-found",
      "reload-store-error",
      "session-has-been-destroyed");

  /** Entries whose failure the design removes: no rule, no marker, a test of its own. */
  public static final List<String> REMOVED_BY_DESIGN =
      List.of("missing-secret", "save-before-redirect-missing");

  public static final String PACKAGE = "dev.sessioncheck.examples.catalogue";

  private Catalogue() {}

  /** One entry's files. */
  public record Entry(String name, String packageName, Path bug, Path fixed) {
    public String bugClass() {
      return packageName + "." + stripJava(bug);
    }

    public String fixedClass() {
      return packageName + "." + stripJava(fixed);
    }

    private static String stripJava(Path p) {
      String n = p.getFileName().toString();
      return n.substring(0, n.length() - ".java".length());
    }
  }

  /** {@code examples/src/catalogue/java}. */
  public static Path sourceRoot() {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    return base.resolve("src/catalogue/java");
  }

  /** The folder holding one directory per entry. */
  public static Path entriesDir() {
    return sourceRoot().resolve(PACKAGE.replace('.', '/'));
  }

  public static Entry entry(String name) {
    String pkg = name.replace("-", "");
    Path dir = entriesDir().resolve(pkg);
    String prefix = camel(name);
    return new Entry(name, PACKAGE + "." + pkg, dir.resolve(prefix + "Bug.java"),
        dir.resolve(prefix + "Fixed.java"));
  }

  public static Stream<Entry> entries() {
    return ENTRIES.stream().map(Catalogue::entry);
  }

  /** {@code store-error} → {@code StoreError}. */
  public static String camel(String name) {
    StringBuilder sb = new StringBuilder();
    for (String part : name.split("-")) {
      sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
    }
    return sb.toString();
  }

  public static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

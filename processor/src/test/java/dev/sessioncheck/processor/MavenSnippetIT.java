package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Maven snippets, tried as a new user would: each {@code <!-- snippet: ... -->} block
 * of README.md is pasted verbatim into a throw-away project under {@code
 * target/maven-snippet-it/}, which {@code mvn -B compile} builds twice, once clean ({@code BUILD
 * SUCCESS}, no finding) and once with a use after a terminal call ({@code BUILD FAILURE} with the
 * finding at its file, line and column).
 *
 * <p>How the throw-away build finds the jars this build just made, without the network and without
 * touching the user's repository: the annotations and processor jars (with their POMs and the
 * parent POM) are laid out as a {@code file://} Maven repository in {@code target/}. The throw-away
 * build gets its own settings file and its own local repository, also in {@code target/}, because
 * a SNAPSHOT once resolved into the user's {@code ~/.m2} would shadow the next build's jars
 * (Maven 3.8 has no chained local repository to keep them apart). Everything else (the compiler
 * and resources plugins and their dependencies) comes from the outer build's local repository
 * (usually {@code ~/.m2/repository}), served as a second {@code file://} repository that mirrors
 * every other one, so no request ever leaves the machine and {@code -o} is not needed (offline
 * mode would refuse the {@code file://} repositories too: "Cannot access ... in offline mode"). The throw-away POM pins maven-resources-plugin to the version this build uses:
 * Maven 3.8's default (2.6) would need dependencies nobody here has downloaded, and a user's POM
 * pins it anyway.
 *
 * <p>The throw-away build runs on the JDK running this test ({@code JAVA_HOME} is set to it), so
 * the JDK 25 run of the suite builds the snippets on JDK 25.
 */
class MavenSnippetIT {

  static Path work;
  static Path repo;
  static Path settings;
  static String version;
  static String readme;

  @BeforeAll
  static void layOutTheRepository() throws IOException {
    Path module = Path.of("").toAbsolutePath();
    Path root = module.getParent();
    readme = Files.readString(root.resolve("README.md"));
    Path processorJar;
    try (Stream<Path> s = Files.list(module.resolve("target"))) {
      List<Path> jars = s.filter(p -> p.getFileName().toString().matches("sessioncheck-processor-[^-]+(-SNAPSHOT)?\\.jar")).toList();
      assertEquals(1, jars.size(), "expected one packaged processor jar: " + jars);
      processorJar = jars.get(0);
    }
    String name = processorJar.getFileName().toString();
    version = name.substring("sessioncheck-processor-".length(), name.length() - ".jar".length());
    Path annotationsJar = root.resolve("annotations/target/sessioncheck-annotations-" + version + ".jar");
    assertTrue(Files.isRegularFile(annotationsJar), "build the annotations module first: " + annotationsJar);

    work = module.resolve("target/maven-snippet-it");
    repo = work.resolve("repo");
    deleteTree(repo);
    // The local repository is kept between runs for speed, but never its copy of our own jars.
    deleteTree(work.resolve("m2/dev/sessioncheck"));
    publish("sessioncheck-parent", root.resolve("pom.xml"), null);
    publish("sessioncheck-annotations", root.resolve("annotations/pom.xml"), annotationsJar);
    publish("sessioncheck-processor", module.resolve("pom.xml"), processorJar);

    // Surefire and failsafe tell the forked JVM which local repository the outer build uses.
    String userRepo =
        System.getProperty(
            "localRepository",
            System.getProperty("maven.repo.local", Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    settings = work.resolve("settings.xml");
    Files.writeString(
        settings,
        """
        <settings>
          <localRepository>%s</localRepository>
          <mirrors>
            <mirror>
              <id>user-local-repository</id>
              <mirrorOf>*,!sessioncheck-it</mirrorOf>
              <url>%s</url>
            </mirror>
          </mirrors>
          <profiles>
            <profile>
              <id>snippet-it</id>
              <repositories>
                <repository>
                  <id>central</id>
                  <url>%s</url>
                  <releases><checksumPolicy>ignore</checksumPolicy></releases>
                  <snapshots><enabled>false</enabled></snapshots>
                </repository>
                <repository>
                  <id>sessioncheck-it</id>
                  <url>%s</url>
                  <releases><enabled>false</enabled></releases>
                  <snapshots><updatePolicy>always</updatePolicy><checksumPolicy>ignore</checksumPolicy></snapshots>
                </repository>
              </repositories>
              <pluginRepositories>
                <pluginRepository>
                  <id>central</id>
                  <url>%s</url>
                  <releases><checksumPolicy>ignore</checksumPolicy></releases>
                  <snapshots><enabled>false</enabled></snapshots>
                </pluginRepository>
              </pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles>
            <activeProfile>snippet-it</activeProfile>
          </activeProfiles>
        </settings>
        """
            .formatted(
                work.resolve("m2"),
                Path.of(userRepo).toUri(),
                Path.of(userRepo).toUri(),
                repo.toUri(),
                Path.of(userRepo).toUri()));
  }

  /** Puts {@code pom} (and {@code jar}) where a Maven repository keeps {@code artifact}. */
  private static void publish(String artifact, Path pom, Path jar) throws IOException {
    Path dir = repo.resolve("dev/sessioncheck").resolve(artifact).resolve(version);
    Files.createDirectories(dir);
    Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"));
    if (jar != null) {
      Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The first ```xml block after {@code <!-- snippet: <name> }, as the README shows it. */
  static String snippet(String name) {
    Matcher m = Pattern.compile("<!-- snippet: " + Pattern.quote(name) + "[ (].*?-->\\R```xml\\R(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README.md has no snippet marked " + name);
    return m.group(1);
  }

  static final String CART =
      """
      package com.example;

      import dev.sessioncheck.annotations.TerminalOp;

      public class Cart {
        @TerminalOp
        public void checkout() {}

        public int size() {
          return 0;
        }
      }
      """;

  static final String SHOP_CLEAN =
      """
      package com.example;

      class Shop {
        int buy(Cart cart) {
          int items = cart.size();
          cart.checkout();
          return items;
        }
      }
      """;

  static final String SHOP_VIOLATION =
      """
      package com.example;

      class Shop {
        int buy(Cart cart) {
          cart.checkout();
          return cart.size();
        }
      }
      """;

  record Build(int exit, String log) {}

  /** Writes a project made of the README snippet {@code snippet} plus {@code shop}, and builds it. */
  static Build build(String project, String snippet, String shop) throws IOException, InterruptedException {
    Path dir = work.resolve(project);
    deleteTree(dir);
    Path src = dir.resolve("src/main/java/com/example");
    Files.createDirectories(src);
    Files.writeString(src.resolve("Cart.java"), CART);
    Files.writeString(src.resolve("Shop.java"), shop);
    String body = snippet.indent(2);
    // The build part of the snippet gains the resources-plugin pin (see the class comment).
    String pin =
        """
          <pluginManagement>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
            </plugins>
          </pluginManagement>
        """
            .indent(2);
    assertTrue(body.contains("  <build>\n"), "the snippet has no <build> element:\n" + snippet);
    body = body.replaceFirst("  <build>\n", "  <build>\n" + Matcher.quoteReplacement(pin));
    Files.writeString(
        dir.resolve("pom.xml"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId>
          <artifactId>%s</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
        %s</project>
        """
            .formatted(project, body));
    List<String> command = new ArrayList<>(List.of(mvn(), "-B", "-s", settings.toString(), "compile"));
    Path log = work.resolve(project + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("MAVEN_ARGS");
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "mvn did not finish; see " + log);
    return new Build(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** {@code mvn} from the PATH, as a user would type it. */
  static String mvn() {
    String exe = File.separatorChar == '\\' ? "mvn.cmd" : "mvn";
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, exe);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError("no " + exe + " on the PATH: this test runs the README's Maven snippets with it");
  }

  private static void assertClean(Build b) {
    assertTrue(b.log().contains("BUILD SUCCESS"), b.log());
    assertFalse(b.log().contains("[sessioncheck:"), b.log());
    assertEquals(0, b.exit(), b.log());
  }

  private static void assertViolation(String project, Build b) {
    String shop = work.resolve(project).resolve("src/main/java/com/example/Shop.java").toString();
    String finding =
        "[ERROR] " + shop + ":[6,12] [sessioncheck:use-after-terminal] 'cart' is used after cart.checkout() ended it on line 5";
    assertTrue(b.log().lines().anyMatch(finding::equals), "expected the line\n" + finding + "\nin\n" + b.log());
    assertTrue(b.log().contains("BUILD FAILURE"), b.log());
    assertEquals(1, b.exit(), b.log());
  }

  @Test
  void readmeShowsTheVersionThisBuildMakes() {
    for (String name : List.of("maven-processor", "maven-plugin")) {
      Matcher m = Pattern.compile("<artifactId>(sessioncheck-[a-z]+)</artifactId>\\s*<version>([^<]+)</version>").matcher(snippet(name));
      int found = 0;
      while (m.find()) {
        assertEquals(version, m.group(2), name + ": " + m.group(1));
        found++;
      }
      assertEquals(2, found, name);
    }
  }

  @Test
  void processorDoorPassesCleanCode() throws Exception {
    assertClean(build("processor-clean", snippet("maven-processor"), SHOP_CLEAN));
  }

  @Test
  void processorDoorFailsTheBuildAtTheViolation() throws Exception {
    assertViolation("processor-violation", build("processor-violation", snippet("maven-processor"), SHOP_VIOLATION));
  }

  @Test
  void pluginDoorPassesCleanCode() throws Exception {
    String snippet = snippet("maven-plugin");
    assertTrue(snippet.contains("<proc>none</proc>") && snippet.contains("-Xplugin:SessionCheck"), snippet);
    assertClean(build("plugin-clean", snippet, SHOP_CLEAN));
  }

  /** Under {@code <proc>none</proc>} no processor runs: the finding proves the plugin did. */
  @Test
  void pluginDoorFailsTheBuildAtTheViolation() throws Exception {
    assertViolation("plugin-violation", build("plugin-violation", snippet("maven-plugin"), SHOP_VIOLATION));
  }
}

package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.Jedis;

/** redis-server processes of a test's own, on free ports, in a temporary directory. */
final class PrivateRedis {
  private PrivateRedis() {}

  /** The path of {@code name} on the PATH; skips (or fails under SESSIONCHECK_REQUIRE_SERVICES=1). */
  static String binaryOrSkip(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(d, name);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    String why = "no " + name + " on the PATH to start a private server";
    if ("1".equals(System.getenv("SESSIONCHECK_REQUIRE_SERVICES"))) {
      fail(why + ", and SESSIONCHECK_REQUIRE_SERVICES=1 requires it");
    }
    System.err.println("[redis] " + why + ": skipping");
    Assumptions.abort(why);
    throw new AssertionError("unreachable");
  }

  /** A free port; with {@code bus}, one whose +10000 (the cluster bus port) is free too. */
  static int freePort(boolean bus) throws IOException {
    if (!bus) {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
    for (int i = 0; i < 100; i++) {
      int p = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
      try (ServerSocket a = new ServerSocket(p); ServerSocket b = new ServerSocket(p + 10_000)) {
        return p;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port pair for a cluster node");
  }

  /** Starts redis-server on {@code port} with {@code args} and waits until it answers PING. */
  static Process launch(String binary, int port, Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", ""));
    cmd.addAll(List.of(args));
    Path log = dir.resolve("server-" + port + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
        if ("PONG".equals(j.ping())) {
          return p;
        }
      } catch (RuntimeException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IOException("private redis-server did not come up on port " + port + ": "
        + Files.readString(log));
  }

  static void stop(Process p) throws InterruptedException {
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static void delete(Path dir) throws IOException {
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}

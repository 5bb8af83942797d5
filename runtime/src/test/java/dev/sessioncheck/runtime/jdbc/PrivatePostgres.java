package dev.sessioncheck.runtime.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL cluster of a test's own: {@code initdb} under {@code target/} (the system temp
 * directory when root), a free port on
 * 127.0.0.1, trust auth, so that whole-server faults (SIGSTOP of every server process, {@code
 * pg_ctl stop}) never touch the machine's shared server. As root, the server runs as user {@code
 * postgres} (PostgreSQL refuses to run as root).
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final Path data;
  final int port;

  private PrivatePostgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
  }

  /**
   * The binaries' folder ({@code -Dsessioncheck.postgres.bin}, else the newest {@code
   * /usr/lib/postgresql/<version>/bin}), or skips the calling class (fails it under {@code
   * SESSIONCHECK_REQUIRE_SERVICES=1}).
   */
  static Path binariesOrSkip() {
    String configured = System.getProperty("sessioncheck.postgres.bin");
    List<Path> candidates = new ArrayList<>();
    if (configured != null) {
      candidates.add(Path.of(configured));
    } else {
      try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
        versions.map(v -> v.resolve("bin"))
            .sorted(Comparator.comparing((Path p) -> versionOf(p)).reversed())
            .forEach(candidates::add);
      } catch (IOException none) {
        // no packaged PostgreSQL: the skip below says so
      }
    }
    for (Path b : candidates) {
      if (Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))
          && Files.isExecutable(b.resolve("postgres"))) {
        return b;
      }
    }
    String why = "no PostgreSQL binaries (initdb, pg_ctl, postgres) in "
        + (configured != null ? configured : "/usr/lib/postgresql/*/bin")
        + " to start a private server";
    if ("1".equals(System.getenv("SESSIONCHECK_REQUIRE_SERVICES"))) {
      fail(why + ", and SESSIONCHECK_REQUIRE_SERVICES=1 requires it");
    }
    System.err.println("[postgres] " + why + ": skipping (set -Dsessioncheck.postgres.bin=...)");
    Assumptions.abort(why);
    throw new AssertionError("unreachable");
  }

  private static int versionOf(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().split("\\.")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** initdb, then start; the caller closes it (which stops it and deletes its files). */
  static PrivatePostgres start(Path bin) throws Exception {
    // As root the server runs as postgres, which must be able to reach its directory: a checkout
    // under a private parent (mktemp -d is 0700) is not, so the cluster then lives in the system
    // temp directory, which every user may traverse.
    Path base = isRoot() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of("target");
    Files.createDirectories(base);
    Path dir = Files.createTempDirectory(base.toAbsolutePath(), "sessioncheck-private-pg-");
    if (isRoot()) {
      UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PrivatePostgres pg = new PrivatePostgres(bin, dir, port);
    try {
      pg.run(60, "initdb", "-D", pg.data.toString(), "-A", "trust", "-U", "postgres",
          "--no-sync", "-E", "UTF8");
      pg.start();
      return pg;
    } catch (Exception | Error e) {
      pg.close();
      throw e;
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** {@code pg_ctl start}, waiting until it accepts connections. */
  void start() throws Exception {
    run(60, "pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w",
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
  }

  /** {@code pg_ctl stop -m fast}: open transactions roll back, clients are disconnected. */
  void stopFast() throws Exception {
    run(60, "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
  }

  /** The postmaster and every process under it (backends, checkpointer, WAL writer, ...). */
  List<Long> serverPids() throws IOException {
    long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    List<Long> pids = new ArrayList<>();
    pids.add(postmaster);
    ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }

  /**
   * Sends {@code signal} (STOP, CONT) to {@code pids}; answers how many processes it reached. A
   * backend that ended since the pids were listed is not an error.
   */
  static int signal(String signal, List<Long> pids) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(p -> cmd.add(Long.toString(p)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("kill -" + signal + " " + pids + " did not finish");
    }
    int gone = 0;
    for (String line : out.split("\n")) {
      if (line.contains("No such process")) {
        gone++;
      } else if (!line.isBlank()) {
        throw new IOException("kill -" + signal + " " + pids + " failed: " + out);
      }
    }
    return pids.size() - gone;
  }

  /** A connection that does not pool, tagged {@code applicationName}. */
  PGSimpleDataSource dataSource(String applicationName) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url());
    ds.setUser("postgres");
    ds.setApplicationName(applicationName);
    ds.setConnectTimeout(2);
    return ds;
  }

  /** Server connections whose application_name is {@code applicationName}. */
  int backends(String applicationName) throws SQLException {
    try (Connection c = dataSource("sessioncheck-admin").getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      ps.setString(1, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private void run(int seconds, String tool, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    Path log = dir.resolve(tool + ".out");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(tool + " did not finish in " + seconds + " s: " + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
          + Files.readString(log));
    }
  }

  /** Resumes the processes if a test left them stopped, stops the server, deletes its files. */
  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        try {
          signal("CONT", serverPids());
        } finally {
          run(60, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}

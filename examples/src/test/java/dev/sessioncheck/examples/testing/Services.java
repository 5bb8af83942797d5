package dev.sessioncheck.examples.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's Redis and PostgreSQL: a test that needs one skips with the reason when it is not
 * there, and fails instead under {@code SESSIONCHECK_REQUIRE_SERVICES=1} (what CI sets).
 */
public final class Services {
  /** The machine's Redis; {@code -Dsessioncheck.redis.url=...} points elsewhere (e.g. to try the skip). */
  public static final String REDIS_URL =
      System.getProperty("sessioncheck.redis.url", "redis://127.0.0.1:6379");
  /** The machine's PostgreSQL (trust auth); {@code -Dsessioncheck.postgres.url=...} overrides. */
  public static final String POSTGRES_URL = System.getProperty("sessioncheck.postgres.url",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private Services() {}

  public static boolean required() {
    return "1".equals(System.getenv("SESSIONCHECK_REQUIRE_SERVICES"));
  }

  /**
   * Runs {@code probe}; an empty answer means the service is there. An answer or an exception
   * skips the calling test, or fails it when services are required.
   */
  public static void assumeReachable(String service, Callable<Optional<String>> probe) {
    Optional<String> problem;
    try {
      problem = probe.call();
    } catch (Exception e) {
      problem = Optional.of(e.toString());
    }
    if (problem.isEmpty()) {
      return;
    }
    String reason = service + " unreachable: " + problem.get();
    if (required()) {
      fail(reason + " (SESSIONCHECK_REQUIRE_SERVICES=1: the service must be up)");
    }
    System.err.println("[skip] " + reason);
    Assumptions.abort(reason);
  }
}

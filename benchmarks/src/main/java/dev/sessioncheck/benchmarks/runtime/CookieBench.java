package dev.sessioncheck.benchmarks.runtime;

import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.cookie.CookieSigner;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Signing a session id into express-session's cookie value, and verifying one: what every
 * response that sets the cookie and every request that carries it pays. {@code verifyRotated}
 * is a cookie signed by the older of two secrets, so verification tries both keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CookieBench {
  private CookieSigner signer;
  private CookieSigner rotated;
  private String id;
  private String cookie;
  private String oldCookie;

  @Setup
  public void setup() {
    signer = CookieSigner.ofSecrets(List.of(Fixtures.SECRET));
    rotated = CookieSigner.ofSecrets(List.of("a newer secret for the rotation case", Fixtures.SECRET));
    id = SessionConfig.secureRandomIds().get();
    cookie = signer.cookieValue(id);
    oldCookie = cookie;
    if (signer.sessionId(cookie).isEmpty() || rotated.sessionId(oldCookie).isEmpty()) {
      throw new IllegalStateException("the fixture cookie does not verify");
    }
  }

  @Benchmark
  public String sign() {
    return signer.cookieValue(id);
  }

  @Benchmark
  public Optional<String> verify() {
    return signer.sessionId(cookie);
  }

  @Benchmark
  public Optional<String> verifyRotated() {
    return rotated.sessionId(oldCookie);
  }
}

package dev.sessioncheck.runtime;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code cookie} object of a stored session, as express-session writes it: {@code
 * {"originalMaxAge":3600000,"expires":"2026-01-01T00:00:00.000Z","secure":true,"httpOnly":true,
 * "domain":"x","path":"/","sameSite":"lax","partitioned":true,"priority":"high"}}. Absent keys are
 * omitted; {@code originalMaxAge} and {@code expires} are written as {@code null} for a
 * browser-session cookie, as Node does.
 *
 * @param originalMaxAgeMillis the configured lifetime in milliseconds; empty for a browser-session cookie
 * @param expires when the cookie expires; empty for a browser-session cookie
 * @param secure the {@code Secure} flag, if known
 * @param httpOnly the {@code HttpOnly} flag
 * @param domain the {@code Domain}, if any
 * @param path the {@code Path}
 * @param sameSite lower-case {@code lax}/{@code strict}/{@code none}, if any
 * @param partitioned the {@code Partitioned} flag
 * @param priority Node's {@code priority} ({@code low}/{@code medium}/{@code high}), kept for Node
 */
public record StoredCookie(
    Optional<Long> originalMaxAgeMillis,
    Optional<Instant> expires,
    Optional<Boolean> secure,
    boolean httpOnly,
    Optional<String> domain,
    String path,
    Optional<String> sameSite,
    boolean partitioned,
    Optional<String> priority) {

  public StoredCookie {
    Objects.requireNonNull(originalMaxAgeMillis, "originalMaxAgeMillis");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(secure, "secure");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sameSite, "sameSite");
    Objects.requireNonNull(priority, "priority");
  }
}

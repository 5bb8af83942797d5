package dev.sessioncheck.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a session's cookie: the configured attributes and this session's expiry.
 *
 * @param name cookie name
 * @param path {@code Path}
 * @param domain {@code Domain}, if any
 * @param httpOnly {@code HttpOnly}
 * @param secure the {@code Secure} setting (AUTO is resolved per request)
 * @param sameSite {@code SameSite}
 * @param partitioned {@code Partitioned}
 * @param priority {@code Priority}, if set
 * @param maxAge this session's cookie lifetime; empty for a browser-session cookie
 * @param expires when the cookie expires; empty for a browser-session cookie
 */
public record SessionCookie(
    String name,
    String path,
    Optional<String> domain,
    boolean httpOnly,
    SessionConfig.Secure secure,
    SessionConfig.SameSite sameSite,
    boolean partitioned,
    Optional<SessionConfig.Priority> priority,
    Optional<Duration> maxAge,
    Optional<Instant> expires) {}

package dev.sessioncheck.runtime.cookie;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code Set-Cookie} header value, formatted like the {@code cookie} npm package that
 * express-session uses: {@code Expires} (never {@code Max-Age}) in the IMF-fixdate form of
 * JavaScript's {@code Date.toUTCString()}.
 *
 * @param name cookie name (a token)
 * @param value already-encoded cookie value
 * @param domain {@code Domain}, if any
 * @param path {@code Path}, if any
 * @param expires {@code Expires}, if any
 * @param httpOnly {@code HttpOnly}
 * @param secure {@code Secure}
 * @param sameSite the {@code SameSite} value ({@code Lax}, {@code Strict}, {@code None}), if any
 * @param partitioned {@code Partitioned}
 * @param priority the {@code Priority} value ({@code Low}, {@code Medium}, {@code High}), if any
 */
public record SetCookie(
    String name,
    String value,
    Optional<String> domain,
    Optional<String> path,
    Optional<Instant> expires,
    boolean httpOnly,
    boolean secure,
    Optional<String> sameSite,
    boolean partitioned,
    Optional<String> priority) {

  /** {@code Thu, 01 Jan 1970 00:00:00 GMT}: two-digit day, unlike RFC_1123_DATE_TIME. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /** Formats an instant as JavaScript's {@code Date.prototype.toUTCString()} does. */
  public static String httpDate(Instant instant) {
    return HTTP_DATE.format(instant);
  }

  /** The header value (without the {@code Set-Cookie:} name). */
  public String format() {
    StringBuilder sb = new StringBuilder(160).append(name).append('=').append(value);
    domain.ifPresent(d -> sb.append("; Domain=").append(d));
    path.ifPresent(p -> sb.append("; Path=").append(p));
    expires.ifPresent(e -> sb.append("; Expires=").append(httpDate(e)));
    if (httpOnly) {
      sb.append("; HttpOnly");
    }
    if (partitioned) {
      sb.append("; Partitioned");
    }
    priority.ifPresent(p -> sb.append("; Priority=").append(p));
    sameSite.ifPresent(s -> sb.append("; SameSite=").append(s));
    if (secure) {
      sb.append("; Secure");
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}

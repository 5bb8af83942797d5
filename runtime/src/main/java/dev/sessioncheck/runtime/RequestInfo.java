package dev.sessioncheck.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the session manager needs to know about a request.
 *
 * @param cookieHeaders every {@code Cookie} header value of the request, in order (may be empty)
 * @param secureTransport whether the request arrived over TLS at this server
 * @param forwardedProto the first value of {@code X-Forwarded-Proto}, if present; consulted only
 *     when the config says {@link SessionConfig.Builder#trustForwardedProto(boolean)}
 */
public record RequestInfo(
    List<String> cookieHeaders, boolean secureTransport, Optional<String> forwardedProto) {

  public RequestInfo {
    cookieHeaders = List.copyOf(cookieHeaders);
    Objects.requireNonNull(forwardedProto, "forwardedProto");
  }

  /** A plain-HTTP request carrying the given {@code Cookie} headers. */
  public static RequestInfo ofCookies(String... cookieHeaders) {
    return new RequestInfo(List.of(cookieHeaders), false, Optional.empty());
  }
}

package dev.sessioncheck.examples.testing;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Reading the session cookie by hand, as a browser would. */
public final class Cookies {
  public static final String NAME = "connect.sid";

  private Cookies() {}

  /** The {@code Set-Cookie} headers for the session cookie. */
  public static List<String> setCookies(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(h -> h.startsWith(NAME + "="))
        .toList();
  }

  /** {@code connect.sid=<value>}, ready for a {@code Cookie} header, if the response sets one. */
  public static Optional<String> sessionCookie(HttpResponse<?> response) {
    List<String> all = setCookies(response);
    if (all.size() > 1) {
      throw new AssertionError("more than one session Set-Cookie: " + all);
    }
    return all.stream().findFirst().map(h -> {
      int semi = h.indexOf(';');
      return semi < 0 ? h : h.substring(0, semi);
    });
  }

  /** The session id inside {@code connect.sid=s%3A<id>.<signature>}. */
  public static String sessionId(String cookie) {
    String value = URLDecoder.decode(cookie.substring(cookie.indexOf('=') + 1), StandardCharsets.UTF_8);
    if (!value.startsWith("s:") || value.lastIndexOf('.') < 2) {
      throw new AssertionError("not a signed express-session cookie: " + cookie);
    }
    return value.substring(2, value.lastIndexOf('.'));
  }
}

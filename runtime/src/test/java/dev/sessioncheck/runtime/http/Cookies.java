package dev.sessioncheck.runtime.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads and mints express-session cookie values independently of the code under test, from the
 * published format: {@code encodeURIComponent("s:" + id + "." + base64(HMAC-SHA256(secret, id)))}
 * without padding.
 */
final class Cookies {
  static final String NAME = "connect.sid";

  private Cookies() {}

  /** The session id inside a signed cookie value (signature not checked). */
  static String idOf(String cookieValue) {
    String decoded = URLDecoder.decode(cookieValue, StandardCharsets.UTF_8);
    if (!decoded.startsWith("s:") || decoded.lastIndexOf('.') < 2) {
      throw new AssertionError("not a signed session cookie: " + cookieValue);
    }
    return decoded.substring(2, decoded.lastIndexOf('.'));
  }

  static String signature(String id, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().withoutPadding().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The cookie value express-session would send for {@code id} under {@code secret}. */
  static String mint(String id, String secret) {
    return encodeUriComponent("s:" + id + "." + signature(id, secret));
  }

  /** JavaScript's encodeURIComponent for the ASCII the tests use. */
  static String encodeUriComponent(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-_.!~*'()".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Whether a Set-Cookie header value clears the session cookie. */
  static boolean clears(String setCookie) {
    return setCookie.startsWith(NAME + "=;") && setCookie.contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  }
}

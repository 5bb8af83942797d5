package dev.sessioncheck.runtime.cookie;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies cookie values exactly as Node's {@code cookie-signature} and express-session
 * do, so cookies pass both ways between a Java and a Node app sharing a secret.
 *
 * <ul>
 *   <li>{@code sign(v, k) = v + "." + Base64(HMAC-SHA256(k, v))}, standard alphabet, no {@code =};
 *   <li>the session cookie value is {@code encodeURIComponent("s:" + sign(id, keys[0]))};
 *   <li>verification decodes the value if it contains {@code %} (keeping it raw if that fails),
 *       requires {@code s:}, takes the id before the <em>last</em> {@code .}, re-signs it with every
 *       key in turn and compares the whole string in constant time.
 * </ul>
 */
public final class CookieSigner {
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

  private final List<byte[]> keys;

  private CookieSigner(List<byte[]> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one key is required");
    }
    List<byte[]> copy = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      Objects.requireNonNull(k, "key");
      if (k.length == 0) {
        throw new IllegalArgumentException("keys must not be empty");
      }
      copy.add(k.clone());
    }
    this.keys = List.copyOf(copy);
  }

  /** Secrets as strings (their UTF-8 bytes are the HMAC keys); the first signs. */
  public static CookieSigner ofSecrets(List<String> secrets) {
    List<byte[]> keys = new ArrayList<>(secrets.size());
    for (String s : secrets) {
      keys.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return new CookieSigner(keys);
  }

  /** Raw HMAC keys (Node's {@code Buffer} secrets); the first signs. */
  public static CookieSigner ofKeys(List<byte[]> keys) {
    return new CookieSigner(keys);
  }

  /** {@code cookie-signature}'s {@code sign(value, secret)} with a string secret. */
  public static String sign(String value, String secret) {
    return sign(value, secret.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code cookie-signature}'s {@code sign(value, secret)} with a byte secret. */
  public static String sign(String value, byte[] key) {
    return value + "." + BASE64.encodeToString(hmac(key, value));
  }

  /**
   * {@code cookie-signature}'s {@code unsign(input, secret)}: the value if {@code signed} is
   * {@code value + "." + signature} under {@code key}, else empty.
   */
  public static Optional<String> unsign(String signed, byte[] key) {
    int dot = signed.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String value = signed.substring(0, dot);
    byte[] expected = sign(value, key).getBytes(StandardCharsets.UTF_8);
    byte[] actual = signed.getBytes(StandardCharsets.UTF_8);
    // MessageDigest.isEqual is constant-time for equal lengths (JDK 6u17+); lengths leak nothing
    // useful since every valid signature has the same length.
    return MessageDigest.isEqual(expected, actual) ? Optional.of(value) : Optional.empty();
  }

  /** {@link #unsign(String, byte[])} with a string secret. */
  public static Optional<String> unsign(String signed, String secret) {
    return unsign(signed, secret.getBytes(StandardCharsets.UTF_8));
  }

  /** Tries every key in order (key rotation); the first match wins. */
  public Optional<String> unsign(String signed) {
    return unsignWithIndex(signed).map(Verified::sessionId);
  }

  /**
   * A verified cookie.
   *
   * @param sessionId the id it carries
   * @param keyIndex which key verified it: 0 is the signing key, more means an older one
   */
  public record Verified(String sessionId, int keyIndex) {}

  private Optional<Verified> unsignWithIndex(String signed) {
    for (int i = 0; i < keys.size(); i++) {
      Optional<String> value = unsign(signed, keys.get(i));
      if (value.isPresent()) {
        return Optional.of(new Verified(value.get(), i));
      }
    }
    return Optional.empty();
  }

  /** The cookie value for a session id, as express-session writes it: encoded {@code s:} + signed id. */
  public String cookieValue(String sessionId) {
    return UriComponent.encode("s:" + sign(sessionId, keys.get(0)));
  }

  /**
   * The session id in a cookie value as the browser sent it (surrounding quotes already removed),
   * or empty when the value is not a cookie this signer (with any of its keys) produced.
   */
  public Optional<String> sessionId(String rawCookieValue) {
    return verify(rawCookieValue).map(Verified::sessionId);
  }

  /** Like {@link #sessionId(String)}, also telling which key verified the cookie. */
  public Optional<Verified> verify(String rawCookieValue) {
    String value = rawCookieValue;
    if (value.indexOf('%') >= 0) {
      value = UriComponent.decode(value).orElse(rawCookieValue);
    }
    if (!value.startsWith("s:")) {
      return Optional.empty();
    }
    return unsignWithIndex(value.substring(2));
  }

  private static byte[] hmac(byte[] key, String value) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }
}

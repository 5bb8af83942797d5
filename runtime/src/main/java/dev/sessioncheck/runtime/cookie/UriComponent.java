package dev.sessioncheck.runtime.cookie;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * JavaScript's {@code encodeURIComponent} / {@code decodeURIComponent}, exactly. {@link
 * java.net.URLEncoder} differs (space becomes {@code +}, and it escapes {@code !'()*~}), which would
 * make cookies unreadable to a Node app sharing them.
 */
public final class UriComponent {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriComponent() {}

  /**
   * {@code encodeURIComponent}: keeps {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )}, percent-encodes the
   * UTF-8 bytes of everything else with upper-case hex.
   *
   * @throws IllegalArgumentException on a lone surrogate (JavaScript throws {@code URIError})
   */
  public static String encode(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      if (!unreserved(s.charAt(i))) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
        encodeFrom(s, i, out);
        return out.toString();
      }
    }
    return s;
  }

  private static void encodeFrom(String s, int start, StringBuilder out) {
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c)
          ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
          : !Character.isLowSurrogate(c) || i > start && Character.isHighSurrogate(s.charAt(i - 1));
      if (!paired) {
        throw new IllegalArgumentException("string contains a lone surrogate at index " + i);
      }
    }
    for (byte b : s.substring(start).getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && unreserved(c)) {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
  }

  private static boolean unreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || "-_.!~*'()".indexOf(c) >= 0;
  }

  /** ASCII hex only: {@link Character#digit(char, int)} would also accept e.g. full-width digits. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * {@code decodeURIComponent}: every {@code %XX} sequence must be valid hex forming valid UTF-8.
   * Empty when JavaScript would throw {@code URIError}.
   */
  public static Optional<String> decode(String s) {
    if (s.indexOf('%') < 0) {
      return Optional.of(s);
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      while (i < s.length() && s.charAt(i) == '%') {
        if (i + 3 > s.length()) {
          return Optional.empty();
        }
        int hi = hex(s.charAt(i + 1));
        int lo = hex(s.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        bytes.write(hi << 4 | lo);
        i += 3;
      }
      try {
        out.append(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes.toByteArray())));
      } catch (CharacterCodingException e) {
        return Optional.empty();
      }
    }
    return Optional.of(out.toString());
  }
}

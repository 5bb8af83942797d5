package dev.sessioncheck.runtime.cookie;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code Cookie} request headers the way the {@code cookie} npm package does. */
public final class CookieHeader {
  private CookieHeader() {}

  /**
   * Every value of cookie {@code name} in the headers, in order, not URI-decoded, with one pair of
   * surrounding double quotes removed. Pairs without {@code =} are skipped; names and values are
   * trimmed of spaces and tabs.
   */
  public static List<String> values(List<String> headers, String name) {
    List<String> out = new ArrayList<>(1);
    for (String header : headers) {
      if (header == null) {
        continue;
      }
      int start = 0;
      while (start <= header.length()) {
        int semi = header.indexOf(';', start);
        int end = semi < 0 ? header.length() : semi;
        int eq = header.indexOf('=', start);
        if (eq >= 0 && eq < end && trim(header.substring(start, eq)).equals(name)) {
          String value = trim(header.substring(eq + 1, end));
          if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
          }
          out.add(value);
        }
        if (semi < 0) {
          break;
        }
        start = semi + 1;
      }
    }
    return out;
  }

  private static String trim(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && (s.charAt(b) == ' ' || s.charAt(b) == '\t')) {
      b++;
    }
    while (e > b && (s.charAt(e - 1) == ' ' || s.charAt(e - 1) == '\t')) {
      e--;
    }
    return s.substring(b, e);
  }
}

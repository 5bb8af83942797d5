package dev.sessioncheck.processor.report;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON printer for the few shapes the SARIF report needs: {@link Map} (printed in its iteration
 * order, so a {@link java.util.LinkedHashMap} gives a stable key order), {@link List}, {@link
 * String}, integral {@link Number}, {@link Boolean}. The processor ships no runtime dependency, and
 * this is all it takes.
 */
public final class Json {
  private Json() {}

  /** {@code value} as indented JSON (two spaces), ending with a newline. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, 0);
    return out.append('\n').toString();
  }

  private static void write(StringBuilder out, Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      quote(out, (String) value);
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.append(value);
    } else if (value instanceof Map) {
      Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) value).entrySet().iterator();
      if (!it.hasNext()) {
        out.append("{}");
        return;
      }
      out.append('{');
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        newline(out, depth + 1);
        quote(out, String.valueOf(e.getKey()));
        out.append(": ");
        write(out, e.getValue(), depth + 1);
        if (it.hasNext()) {
          out.append(',');
        }
      }
      newline(out, depth);
      out.append('}');
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        newline(out, depth + 1);
        write(out, list.get(i), depth + 1);
        if (i < list.size() - 1) {
          out.append(',');
        }
      }
      newline(out, depth);
      out.append(']');
    } else {
      // Floating point and anything else has no place in the report: fail loudly in tests.
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void newline(StringBuilder out, int depth) {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  /**
   * RFC 8259 string: quote, backslash and control characters escaped. Lone surrogates are escaped
   * too: written raw, the UTF-8 encoder would turn them into '?' and change the text.
   */
  static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || loneSurrogate(s, i)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static boolean loneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}

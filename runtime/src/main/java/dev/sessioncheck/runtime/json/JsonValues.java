package dev.sessioncheck.runtime.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a session attribute may hold: what JSON can represent, so that a Node app reading the
 * same store sees the same data. {@code String}, {@code Boolean}, finite numbers ({@code Integer},
 * {@code Long}, {@code Short}, {@code Byte}, {@code Double}, {@code Float}, {@code BigInteger},
 * {@code BigDecimal}), {@code List} of those, {@code Map} with {@code String} keys of those, and
 * {@code null}. Anything else — a {@code java.time} value, an enum, a POJO, a mutable {@code
 * AtomicInteger} — is rejected when it is set, not when the session is saved.
 */
public final class JsonValues {
  /** Deeper values are rejected; also stops a list that contains itself. */
  public static final int MAX_DEPTH = 64;

  private JsonValues() {}

  /**
   * A deep, unmodifiable copy of {@code value} (lists and maps keep their order; maps may hold
   * {@code null} values, lists {@code null} elements).
   *
   * @param name the attribute name, for the message
   * @throws IllegalArgumentException naming the attribute, the place inside it and the bad type
   */
  public static Object copy(String name, Object value) {
    return copy(name, "", value, 0);
  }

  private static Object copy(String name, String where, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("session attribute '" + name + "' is nested deeper than "
          + MAX_DEPTH + " levels" + at(where) + " (does it contain itself?)");
    }
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("session attribute '" + name + "'" + at(where)
            + " is " + value + ": JSON has no NaN or Infinity");
      }
      return value;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      int i = 0;
      for (Object element : list) {
        out.add(copy(name, where + "[" + i + "]", element, depth + 1));
        i++;
      }
      return Collections.unmodifiableList(out);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("session attribute '" + name + "'" + at(where)
              + " is a map with a key of type "
              + (e.getKey() == null ? "null" : e.getKey().getClass().getName())
              + ": JSON object keys are strings");
        }
        out.put(key, copy(name, where + "." + key, e.getValue(), depth + 1));
      }
      return Collections.unmodifiableMap(out);
    }
    throw new IllegalArgumentException("session attribute '" + name + "'" + at(where)
        + " has type " + value.getClass().getName() + ", which is not JSON-compatible: use String, "
        + "Number, Boolean, List, Map<String, ?> or null");
  }

  private static String at(String where) {
    return where.isEmpty() ? "" : " at " + where;
  }
}

package dev.sessioncheck.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.StoreError;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.StoredCookie;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of a session, shared with express-session (and connect-redis): one JSON object
 * with a {@code cookie} object, the attributes beside it, and sessioncheck's own bookkeeping under
 * {@value #META_KEY}.
 *
 * <pre>{@code
 * {"cookie":{"originalMaxAge":3600000,"expires":"2026-11-22T18:00:00.000Z","secure":false,
 *            "httpOnly":true,"path":"/","sameSite":"lax"},
 *  "__sessioncheck":{"created":"2026-11-22T17:00:00.000Z","lastAccess":"2026-11-22T17:00:00.000Z"},
 *  "user":"alice","cart":[1,2]}
 * }</pre>
 *
 * <p>Why a top-level {@value #META_KEY} object: the creation time (for the absolute timeout) and
 * the last access (for the idle timeout) must survive a round trip through a Node app. Node
 * rebuilds {@code cookie} from its own fields and would drop unknown ones, but keeps every other
 * top-level key as an ordinary attribute and writes it back. The name is reserved: setting it as an
 * attribute is rejected. A record without it (written by Node) is accepted; its age then counts
 * from the first load in Java.
 *
 * <p>Dates are written as JavaScript's {@code Date.toJSON()} does ({@code
 * 2026-11-22T17:00:00.000Z}). Anything that is not this shape — invalid JSON, duplicate keys, a
 * missing or malformed {@code cookie} — is reported as {@link StoreError.Kind#CORRUPT}; nothing is
 * ever read with Java serialisation.
 */
public final class SessionJson {
  /** The reserved top-level key of sessioncheck's bookkeeping. */
  public static final String META_KEY = "__sessioncheck";

  private static final DateTimeFormatter JS_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final ObjectMapper MAPPER = new ObjectMapper(
      JsonFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private SessionJson() {}

  /** The UTF-8 JSON of a record. */
  public static byte[] write(SessionRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("cookie");
      writeCookie(g, record.cookie());
      if (record.created().isPresent() || record.lastAccess().isPresent()) {
        g.writeObjectFieldStart(META_KEY);
        if (record.created().isPresent()) {
          g.writeStringField("created", date(record.created().get()));
        }
        if (record.lastAccess().isPresent()) {
          g.writeStringField("lastAccess", date(record.lastAccess().get()));
        }
        g.writeEndObject();
      }
      for (Map.Entry<String, Object> e : record.attributes().entrySet()) {
        g.writeFieldName(e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /** The JSON of a record as a string. */
  public static String writeString(SessionRecord record) {
    return new String(write(record), StandardCharsets.UTF_8);
  }

  /** Formats an instant as JavaScript's {@code Date.prototype.toJSON()}. */
  public static String date(Instant instant) {
    return JS_DATE.format(instant);
  }

  private static void writeCookie(JsonGenerator g, StoredCookie c) throws IOException {
    g.writeStartObject();
    g.writeFieldName("originalMaxAge");
    if (c.originalMaxAgeMillis().isPresent()) {
      g.writeNumber(c.originalMaxAgeMillis().get());
    } else {
      g.writeNull();
    }
    g.writeFieldName("expires");
    if (c.expires().isPresent()) {
      g.writeString(date(c.expires().get()));
    } else {
      g.writeNull();
    }
    if (c.secure().isPresent()) {
      g.writeBooleanField("secure", c.secure().get());
    }
    g.writeBooleanField("httpOnly", c.httpOnly());
    if (c.domain().isPresent()) {
      g.writeStringField("domain", c.domain().get());
    }
    g.writeStringField("path", c.path());
    if (c.sameSite().isPresent()) {
      g.writeStringField("sameSite", c.sameSite().get());
    }
    if (c.partitioned()) {
      g.writeBooleanField("partitioned", true);
    }
    if (c.priority().isPresent()) {
      g.writeStringField("priority", c.priority().get());
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).intValue());
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof BigDecimal b) {
      g.writeNumber(b);
    } else if (v instanceof Double || v instanceof Float) {
      g.writeNumber(((Number) v).doubleValue());
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        writeValue(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException(
          "not a JSON-compatible value: " + v.getClass().getName());
    }
  }

  /** Decodes a stored record; {@link StoreError.Kind#CORRUPT} for anything malformed. */
  public static StoreResult<SessionRecord> read(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return corrupt("not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      return corrupt("unreadable: " + e.getMessage(), e);
    }
    try {
      return StoreResult.ok(decode(root));
    } catch (CorruptException e) {
      return corrupt(e.getMessage(), null);
    }
  }

  /** {@link #read(byte[])} of a string. */
  public static StoreResult<SessionRecord> read(String json) {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static StoreResult<SessionRecord> corrupt(String message, Throwable cause) {
    return StoreResult.failed(
        new StoreError(StoreError.Kind.CORRUPT, "stored session is corrupt: " + message, cause));
  }

  private static final class CorruptException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptException(String message) {
      super(message, null, false, false);
    }
  }

  private static SessionRecord decode(JsonNode root) throws CorruptException {
    if (root == null || !root.isObject()) {
      throw new CorruptException("the top level is not a JSON object");
    }
    JsonNode cookieNode = root.get("cookie");
    if (cookieNode == null || !cookieNode.isObject()) {
      throw new CorruptException("no \"cookie\" object");
    }
    StoredCookie cookie = decodeCookie(cookieNode);
    Optional<Instant> created = Optional.empty();
    Optional<Instant> lastAccess = Optional.empty();
    JsonNode meta = root.get(META_KEY);
    if (meta != null) {
      if (!meta.isObject()) {
        throw new CorruptException("\"" + META_KEY + "\" is not an object");
      }
      created = optionalDate(meta, "created", META_KEY + ".created");
      lastAccess = optionalDate(meta, "lastAccess", META_KEY + ".lastAccess");
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!e.getKey().equals("cookie") && !e.getKey().equals(META_KEY)) {
        attributes.put(e.getKey(), toJava(e.getValue()));
      }
    }
    return new SessionRecord(cookie, created, lastAccess, attributes);
  }

  private static StoredCookie decodeCookie(JsonNode c) throws CorruptException {
    Optional<Long> originalMaxAge = Optional.empty();
    JsonNode max = c.get("originalMaxAge");
    if (max != null && !max.isNull()) {
      if (!max.isNumber()) {
        throw new CorruptException("cookie.originalMaxAge is not a number");
      }
      originalMaxAge = Optional.of(max.asLong());
    }
    Optional<Instant> expires = optionalDate(c, "expires", "cookie.expires");
    Optional<Boolean> secure = Optional.empty();
    JsonNode sec = c.get("secure");
    if (sec != null && !sec.isNull()) {
      if (!sec.isBoolean()) {
        throw new CorruptException("cookie.secure is not a boolean");
      }
      secure = Optional.of(sec.booleanValue());
    }
    boolean httpOnly = true;
    JsonNode ho = c.get("httpOnly");
    if (ho != null && !ho.isNull()) {
      if (!ho.isBoolean()) {
        throw new CorruptException("cookie.httpOnly is not a boolean");
      }
      httpOnly = ho.booleanValue();
    }
    Optional<String> domain = optionalString(c, "domain");
    String path = optionalString(c, "path").orElse("/");
    Optional<String> sameSite;
    JsonNode ss = c.get("sameSite");
    if (ss == null || ss.isNull()) {
      sameSite = Optional.empty();
    } else if (ss.isBoolean()) {
      // Node's cookie module reads sameSite: true as Strict.
      sameSite = ss.booleanValue() ? Optional.of("strict") : Optional.empty();
    } else if (ss.isTextual()) {
      sameSite = Optional.of(ss.textValue());
    } else {
      throw new CorruptException("cookie.sameSite is neither a string nor a boolean");
    }
    boolean partitioned = false;
    JsonNode part = c.get("partitioned");
    if (part != null && !part.isNull()) {
      if (!part.isBoolean()) {
        throw new CorruptException("cookie.partitioned is not a boolean");
      }
      partitioned = part.booleanValue();
    }
    Optional<String> priority = optionalString(c, "priority");
    return new StoredCookie(
        originalMaxAge, expires, secure, httpOnly, domain, path, sameSite, partitioned, priority);
  }

  private static Optional<String> optionalString(JsonNode parent, String field)
      throws CorruptException {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw new CorruptException("cookie." + field + " is not a string");
    }
    return Optional.of(n.textValue());
  }

  private static Optional<Instant> optionalDate(JsonNode parent, String field, String name)
      throws CorruptException {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw new CorruptException(name + " is not a date string");
    }
    try {
      return Optional.of(Instant.parse(n.textValue()));
    } catch (DateTimeParseException e) {
      throw new CorruptException(name + " is not an ISO-8601 date: " + n.textValue());
    }
  }

  private static Object toJava(JsonNode n) throws CorruptException {
    switch (n.getNodeType()) {
      case NULL:
        return null;
      case STRING:
        return n.textValue();
      case BOOLEAN:
        return n.booleanValue();
      case NUMBER:
        if (n.isInt()) {
          return n.intValue();
        }
        if (n.isLong()) {
          return n.longValue();
        }
        if (n.isBigInteger()) {
          return n.bigIntegerValue();
        }
        if (n.isBigDecimal()) {
          return n.decimalValue();
        }
        double d = n.doubleValue();
        if (Double.isInfinite(d)) {
          // e.g. 1e400: valid JSON text, but not a value we could ever write back as JSON
          throw new CorruptException("a number is out of the range of a double: " + n.asText());
        }
        return d;
      case ARRAY: {
        List<Object> list = new ArrayList<>(n.size());
        for (JsonNode e : n) {
          list.add(toJava(e));
        }
        return java.util.Collections.unmodifiableList(list);
      }
      case OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          map.put(e.getKey(), toJava(e.getValue()));
        }
        return java.util.Collections.unmodifiableMap(map);
      }
      default:
        // BINARY / POJO / MISSING never come out of parsing text.
        throw new IllegalStateException("unexpected JSON node " + n.getNodeType());
    }
  }
}

package dev.sessioncheck.runtime.redis;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis serialisation protocol (RESP2), just what {@link RedisStore} needs: commands as arrays
 * of bulk strings; replies decoded to {@code String} (simple string), {@link ErrorReply}, {@code
 * Long}, {@code byte[]} (bulk, or {@code null}), {@code List<Object>} (array, or {@code null}).
 */
final class Resp {
  /** Bulk and array lengths above this are refused as a broken stream (Redis' own limit is 512 MB). */
  static final int MAX_LENGTH = 512 * 1024 * 1024;

  private Resp() {}

  /** A {@code -ERR ...} reply. */
  record ErrorReply(String message) {}

  static void write(OutputStream out, List<byte[]> args) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    buf.write(('*' + Integer.toString(args.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] a : args) {
      buf.write(('$' + Integer.toString(a.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.write(a);
      buf.write('\r');
      buf.write('\n');
    }
    buf.writeTo(out);
    out.flush();
  }

  static Object read(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by Redis");
    }
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        return new ErrorReply(line);
      case ':':
        return parseLong(line);
      case '$': {
        long n = parseLong(line);
        if (n < 0) {
          return null;
        }
        checkLength(n);
        byte[] data = in.readNBytes((int) n);
        if (data.length != n || in.read() != '\r' || in.read() != '\n') {
          throw new IOException("truncated bulk reply");
        }
        return data;
      }
      case '*': {
        long n = parseLong(line);
        if (n < 0) {
          return null;
        }
        checkLength(n);
        List<Object> items = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) {
          items.add(read(in));
        }
        return items;
      }
      default:
        throw new IOException("not a RESP reply (type byte " + type + ")");
    }
  }

  private static void checkLength(long n) throws IOException {
    if (n > MAX_LENGTH) {
      throw new IOException("RESP length " + n + " is out of range");
    }
  }

  private static long parseLong(String s) throws IOException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IOException("bad RESP integer: " + s, e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(32);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed by Redis");
      }
      if (b == '\r') {
        if (in.read() != '\n') {
          throw new IOException("RESP line not ended by CRLF");
        }
        return line.toString(StandardCharsets.UTF_8);
      }
      if (line.size() > 64 * 1024) {
        throw new IOException("RESP line too long");
      }
      line.write(b);
    }
  }
}

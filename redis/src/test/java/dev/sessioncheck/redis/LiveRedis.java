package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The machine's shared Redis on 127.0.0.1:6379, for the tests. Each test class takes its own random
 * key prefix and deletes its keys afterwards; nothing here stops or flushes the server.
 */
final class LiveRedis implements AutoCloseable {
  /** Overridable (-Dsessioncheck.redis.port=...) to try the skip / fail path against a closed port. */
  static final String HOST = System.getProperty("sessioncheck.redis.host", "127.0.0.1");
  static final int PORT = Integer.getInteger("sessioncheck.redis.port", 6379);
  static final URI URI_ = URI.create("redis://" + HOST + ":" + PORT + "/0");

  final String prefix = "sctest:" + UUID.randomUUID().toString().substring(0, 8) + ":";
  /** A direct connection, to read and write raw keys and to inject faults. */
  final Jedis admin;

  private LiveRedis(Jedis admin) {
    this.admin = admin;
  }

  /**
   * Connects, or skips the calling test class with the reason, or fails it when {@code
   * SESSIONCHECK_REQUIRE_SERVICES=1} (CI promises the services, so absence is a failure there).
   */
  static LiveRedis connectOrSkip() {
    Jedis j = null;
    try {
      // Jedis connects in its constructor, so that too is inside the try.
      j = new Jedis(new HostAndPort(HOST, PORT),
          DefaultJedisClientConfig.builder().timeoutMillis(2000).build());
      j.ping();
      return new LiveRedis(j);
    } catch (RuntimeException e) {
      if (j != null) {
        j.close();
      }
      String why = "Redis is not reachable on " + HOST + ":" + PORT + " (" + e.getMessage() + ")";
      if ("1".equals(System.getenv("SESSIONCHECK_REQUIRE_SERVICES"))) {
        fail(why + ", and SESSIONCHECK_REQUIRE_SERVICES=1 requires it");
      }
      String skip = why + ": skipping; start redis-server, or set "
          + "SESSIONCHECK_REQUIRE_SERVICES=1 to make this a failure";
      // Surefire does not print why a whole class was aborted, so say it here as well.
      System.err.println("[redis] " + skip);
      Assumptions.abort(skip);
      throw new AssertionError("unreachable");
    }
  }

  /** Every key under this class's prefix. */
  List<String> keys() {
    List<String> out = new ArrayList<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanParams params = new ScanParams().match(prefix + "*").count(1000);
    do {
      ScanResult<String> r = admin.scan(cursor, params);
      out.addAll(r.getResult());
      cursor = r.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return out;
  }

  /** Connections whose CLIENT SETNAME is {@code name}. */
  List<String> clientIds(String name) {
    List<String> ids = new ArrayList<>();
    for (String line : admin.clientList().split("\n")) {
      if ((" " + line.trim() + " ").contains(" name=" + name + " ")) {
        for (String field : line.trim().split(" ")) {
          if (field.startsWith("id=")) {
            ids.add(field.substring(3));
          }
        }
      }
    }
    return ids;
  }

  @Override
  public void close() {
    try {
      for (String k : keys()) {
        admin.del(k);
      }
    } finally {
      admin.close();
    }
  }
}

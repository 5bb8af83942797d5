package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import dev.sessioncheck.runtime.soak.HttpSoak;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSentineled;

/**
 * The store over Jedis's own Sentinel client ({@link JedisSentineled}), as the README shows it: a
 * private master and a private {@code redis-server --sentinel} monitoring it, on free ports. The
 * client asks the Sentinel for the master and the store reads and writes through it. No failover
 * is exercised.
 */
class RedisSentinelTest {
  private static final String MASTER = "sessioncheck";
  private static Path dir;
  private static Process master;
  private static Process sentinel;
  private static int masterPort;
  private static int sentinelPort;

  @BeforeAll
  static void start() throws Exception {
    String server = PrivateRedis.binaryOrSkip("redis-server");
    dir = Files.createTempDirectory("sessioncheck-sentinel-");
    masterPort = PrivateRedis.freePort(false);
    master = PrivateRedis.launch(server, masterPort, dir, "--appendonly", "no");
    sentinelPort = PrivateRedis.freePort(false);
    // Sentinel rewrites its config file, so it gets one of its own in the temporary directory.
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(conf, String.join("\n",
        "port " + sentinelPort,
        "bind 127.0.0.1",
        "dir " + dir,
        "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 1",
        "sentinel down-after-milliseconds " + MASTER + " 5000",
        ""));
    Path log = dir.resolve("sentinel.log");
    sentinel = new ProcessBuilder(server, conf.toString(), "--sentinel").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Jedis j = new Jedis("127.0.0.1", sentinelPort, 500)) {
        List<String> addr = j.sentinelGetMasterAddrByName(MASTER);
        if (addr.equals(List.of("127.0.0.1", Integer.toString(masterPort)))) {
          break;
        }
      } catch (RuntimeException notYet) {
        // still starting
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("private sentinel did not come up: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    PrivateRedis.stop(sentinel);
    PrivateRedis.stop(master);
    PrivateRedis.delete(dir);
  }

  private static JedisSentineled client() {
    JedisClientConfig cfg = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(1000).socketTimeoutMillis(1000)
        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build();
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(16);
    return new JedisSentineled(MASTER, cfg, pool,
        Set.of(new HostAndPort("127.0.0.1", sentinelPort)),
        DefaultJedisClientConfig.builder().timeoutMillis(1000).build());
  }

  @Test
  void readsAndWritesThroughTheMasterTheSentinelNames() throws Exception {
    try (JedisSentineled client = client()) {
      RedisStore store = new RedisStore(client, "sess:", Duration.ofDays(1), Clock.systemUTC());
      Instant exp = Instant.now().plusSeconds(600);
      assertEquals(StoreResult.ok(WriteStatus.DONE),
          store.save("s1", RedisStoreTest.create(Map.of("user", "ada"), exp)));
      assertEquals(StoreResult.ok(WriteStatus.DONE), store.touch("s1",
          new SessionTouch(RedisStoreTest.cookie(exp), Instant.now(), Optional.of(exp))));
      SessionRecord r = store.load("s1").orThrow().orElseThrow();
      assertEquals("ada", r.attributes().get("user"));
      // Written to the master the Sentinel named, not somewhere else.
      try (Jedis direct = new Jedis("127.0.0.1", masterPort, 1000)) {
        assertTrue(direct.exists("sess:s1"));
      }
      assertEquals(StoreResult.ok(WriteStatus.DONE), store.destroy("s1"));
      assertEquals(StoreResult.ok(Optional.empty()), store.load("s1"));
      // And the HTTP soak: shared sessions, logins and logouts, through Sentinel.
      HttpSoak.on("redis through Sentinel (JedisSentineled)", store).run().assertClean();
      store.close();
    }
    // Jedis follows the master with a listener thread per Sentinel; closing the client ends it.
    List<String> left = List.of();
    for (int i = 0; i < 50; i++) {
      left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
          .map(Thread::getName).filter(n -> n.contains("SentinelListener")).toList();
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(List.of(), left, "Sentinel listener threads left after close");
  }
}

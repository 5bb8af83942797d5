package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.StoreError;
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
import java.util.EnumMap;
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
 * client asks the Sentinel for the master and the store reads and writes through it; with a
 * private replica, a forced failover ({@code SENTINEL FAILOVER}) that the same store follows.
 */
class RedisSentinelTest {
  private static final String MASTER = "sessioncheck";
  private static Path dir;
  private static Process master;
  private static Process replica;
  private static Process sentinel;
  private static int masterPort;
  private static int replicaPort;
  private static int sentinelPort;

  @BeforeAll
  static void start() throws Exception {
    String server = PrivateRedis.binaryOrSkip("redis-server");
    dir = Files.createTempDirectory("sessioncheck-sentinel-");
    masterPort = PrivateRedis.freePort(false);
    // min-replicas-to-write: once its replica is promoted, the old master refuses writes
    // (NOREPLICAS, an UNAVAILABLE here) instead of acknowledging writes the failover then drops.
    // Without it, two runs lost 255 of 322 and 857 of 929 writes acknowledged in the switch;
    // with it, 0 or 1.
    master = PrivateRedis.launch(server, masterPort, dir, "--appendonly", "no",
        "--min-replicas-to-write", "1", "--min-replicas-max-lag", "1");
    replicaPort = PrivateRedis.freePort(false);
    replica = PrivateRedis.launch(server, replicaPort, dir, "--appendonly", "no",
        "--dbfilename", "replica.rdb", "--replicaof", "127.0.0.1", Integer.toString(masterPort));
    // In sync before the Sentinel starts, so its first look at the master finds the replica.
    long synced = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Jedis r = new Jedis("127.0.0.1", replicaPort, 1000)) {
      while (!r.info("replication").contains("master_link_status:up")) {
        if (System.nanoTime() > synced) {
          throw new IOException("private replica did not sync: " + r.info("replication"));
        }
        Thread.sleep(50);
      }
    }
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
    PrivateRedis.stop(replica);
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

  /** The port of the master the Sentinel names now. */
  private static int currentMaster() {
    try (Jedis j = new Jedis("127.0.0.1", sentinelPort, 1000)) {
      return Integer.parseInt(j.sentinelGetMasterAddrByName(MASTER).get(1));
    }
  }

  /**
   * {@code SENTINEL FAILOVER}: the replica is promoted and the old master demoted. The same
   * store, over the same client, writes to the new master once Jedis has followed the switch;
   * failures meanwhile are values; what was acknowledged and replicated before is still there, a
   * session destroyed before does not come back. Writes acknowledged during the switch that the
   * failover dropped are counted in the figure line (see below).
   */
  @Test
  void followsTheMasterThroughAFailover() throws Exception {
    try (JedisSentineled client = client(); Jedis sentinelAdmin = new Jedis("127.0.0.1", sentinelPort, 1000)) {
      RedisStore store = new RedisStore(client, "fo:", Duration.ofDays(1), Clock.systemUTC());
      int before = currentMaster();
      Instant exp = Instant.now().plusSeconds(600);
      assertEquals(StoreResult.ok(WriteStatus.DONE),
          store.save("kept", RedisStoreTest.create(Map.of("user", "ada"), exp)));
      assertEquals(StoreResult.ok(WriteStatus.DONE),
          store.save("gone", RedisStoreTest.create(Map.of("user", "bob"), exp)));
      assertEquals(StoreResult.ok(WriteStatus.DONE), store.destroy("gone"));
      try (Jedis m = new Jedis("127.0.0.1", before, 1000)) {
        // Replication is asynchronous: wait until the replica has both writes.
        assertEquals(1L, m.waitReplicas(1, 5000));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (sentinelAdmin.sentinelReplicas(MASTER).isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "the Sentinel never saw the replica");
        Thread.sleep(100);
      }
      assertEquals("OK", sentinelAdmin.sentinelFailover(MASTER));
      long t0 = System.nanoTime();
      Map<StoreError.Kind, Integer> failures = new EnumMap<>(StoreError.Kind.class);
      int ops = 0;
      long slowest = 0;
      int afterSwitch = 0;
      List<String> acknowledged = new java.util.ArrayList<>();
      while (afterSwitch < 20) {
        assertTrue(System.nanoTime() < deadline, "no write reached a new master: " + failures);
        long s = System.nanoTime();
        StoreResult<WriteStatus> r = store.save("w" + ops,
            RedisStoreTest.create(Map.of("n", ops), exp));
        slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s));
        ops++;
        if (r instanceof StoreResult.Failed<WriteStatus> f) {
          failures.merge(f.error().kind(), 1, Integer::sum);
          Thread.sleep(20);
        } else {
          acknowledged.add("w" + (ops - 1));
          int now = currentMaster();
          if (now != before) {
            // Counted only once the write is on the new master: until Jedis has followed the
            // switch, writes still go to the old one.
            try (Jedis direct = new Jedis("127.0.0.1", now, 1000)) {
              if (direct.exists("fo:w" + (ops - 1))) {
                afterSwitch++;
              }
            }
          }
        }
      }
      int after = currentMaster();
      assertTrue(after != before, "the Sentinel switched masters");
      try (Jedis direct = new Jedis("127.0.0.1", after, 1000)) {
        assertTrue(direct.exists("fo:w" + (ops - 1)), "the last write is on the new master");
      }
      assertEquals("ada", store.load("kept").orThrow().orElseThrow().attributes().get("user"));
      assertEquals(StoreResult.ok(Optional.empty()), store.load("gone"));
      assertTrue(Set.of(StoreError.Kind.UNAVAILABLE, StoreError.Kind.TIMEOUT)
          .containsAll(failures.keySet()), failures.toString());
      // Redis replicates asynchronously: a write the old master acknowledged just as the replica was
      // promoted is dropped when the old master resyncs as its replica. min-replicas-to-write
      // (above) shrinks that window to the moment before the replica's link closes (0 or 1 write
      // per run here), not to nothing, so the loss is counted and printed, not asserted away; a
      // store option to WAIT for a replica after each write would close it (not built yet).
      int lost = 0;
      for (String id : acknowledged) {
        if (store.load(id).orThrow().isEmpty()) {
          lost++;
        }
      }
      System.out.printf("[redis-fault] SENTINEL FAILOVER (master :%d -> :%d): %d operations,"
          + " failures surfaced %s, slowest %dms, switched after %dms, replicated before: kept,"
          + " destroyed before: still gone, acknowledged during the switch: %d, of them lost %d%n",
          before, after, ops, failures, slowest,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), acknowledged.size(), lost);
      store.close();
    }
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
      try (Jedis direct = new Jedis("127.0.0.1", currentMaster(), 1000)) {
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

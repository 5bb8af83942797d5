package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * The store over a client-provided {@link JedisCluster}: a private three-master cluster (no
 * replicas) started for this class. Shows that the one-key script, SET NX and the node-by-node
 * SCAN work across slots.
 */
class RedisClusterTest {
  private static Path dir;
  private static final List<Process> nodes = new ArrayList<>();
  private static final List<Integer> ports = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    String server = PrivateRedis.binaryOrSkip("redis-server");
    String cli = PrivateRedis.binaryOrSkip("redis-cli");
    dir = Files.createTempDirectory("sessioncheck-cluster-");
    for (int i = 0; i < 3; i++) {
      int port = PrivateRedis.freePort(true);
      ports.add(port);
      nodes.add(PrivateRedis.launch(server, port, dir, "--cluster-enabled", "yes",
          "--cluster-config-file", "nodes-" + port + ".conf", "--appendonly", "no"));
    }
    List<String> cmd = new ArrayList<>(List.of(cli, "--cluster", "create"));
    for (int p : ports) {
      cmd.add("127.0.0.1:" + p);
    }
    cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process create = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("create.log").toFile()).start();
    assertTrue(create.waitFor(30, TimeUnit.SECONDS) && create.exitValue() == 0,
        () -> "redis-cli --cluster create failed: " + read(dir.resolve("create.log")));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (int p : ports) {
      while (true) {
        try (Jedis j = new Jedis("127.0.0.1", p, 1000)) {
          if (j.clusterInfo().contains("cluster_state:ok")) {
            break;
          }
        }
        assertTrue(System.nanoTime() < deadline, "cluster did not reach state ok");
        Thread.sleep(100);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process p : nodes) {
      PrivateRedis.stop(p);
    }
    PrivateRedis.delete(dir);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  void storeOverJedisClusterSpreadsSessionsOverSlotsAndListsThemAll() throws Exception {
    JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", ports.get(0))),
        DefaultJedisClientConfig.builder().connectionTimeoutMillis(1000).socketTimeoutMillis(1000)
            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build(),
        2, new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>());
    RedisStore store = new RedisStore(cluster, "sess:", Duration.ofDays(1), Clock.systemUTC());
    try {
      Instant exp = Instant.now().plusSeconds(600);
      Set<String> ids = new HashSet<>();
      Set<Integer> nodesUsed = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        String id = "c" + i;
        ids.add(id);
        assertEquals(StoreResult.ok(WriteStatus.DONE),
            store.save(id, RedisStoreTest.create(Map.of("n", i), exp)));
        assertEquals(StoreResult.ok(WriteStatus.DONE), store.save(id,
            RedisStoreTest.update(Map.of("m", i * 2), Set.of("n"), Instant.now(), exp)));
        assertEquals(StoreResult.ok(WriteStatus.DONE),
            store.touch(id, new SessionTouch(RedisStoreTest.cookie(exp), Instant.now(),
                Optional.of(exp))));
        SessionRecord r = store.load(id).orThrow().orElseThrow();
        assertEquals(Map.of("m", i * 2), r.attributes());
        for (int k = 0; k < ports.size(); k++) {
          try (Jedis node = new Jedis("127.0.0.1", ports.get(k), 1000)) {
            if (node.keys("sess:" + id).size() == 1) {
              nodesUsed.add(k);
            }
          }
        }
      }
      assertEquals(3, nodesUsed.size(), "30 ids land on all three masters");
      assertEquals(ids, Set.copyOf(store.ids().orThrow()));
      assertEquals(StoreResult.ok(30L), store.count());
      assertEquals(StoreResult.ok(WriteStatus.DONE), store.destroy("c0"));
      assertEquals(StoreResult.ok(WriteStatus.NOT_FOUND), store.save("c0",
          RedisStoreTest.update(Map.of("x", 1), Set.of(), Instant.now(), exp)));
      assertEquals(StoreResult.ok(29L), store.clear());
      assertEquals(StoreResult.ok(0L), store.count());
    } finally {
      store.close();
      cluster.close();
    }
  }
}

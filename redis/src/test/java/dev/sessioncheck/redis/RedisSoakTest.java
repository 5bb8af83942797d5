package dev.sessioncheck.redis;

import dev.sessioncheck.runtime.soak.HttpSoak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's soak on this store, with the runtime's own driver ({@link HttpSoak}, from its
 * test-jar): 16 HTTP clients × 8 shared sessions through {@code SessionHttpHandler} on a JDK
 * {@code HttpServer}, logins (regenerate) and logouts (destroy) mid-run; no acknowledged write
 * lost, no destroyed session back, no 500. Keys under a random prefix, deleted afterwards.
 */
class RedisSoakTest {
  private static LiveRedis redis;
  private static RedisStore store;

  @BeforeAll
  static void start() {
    redis = LiveRedis.connectOrSkip();
    store = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix).poolSize(16).build();
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void manyClientsOnSharedSessionsLoseNothingAndResurrectNothing() throws Exception {
    HttpSoak.on("redis (RedisStore, Jedis pool of 16)", store).run().assertClean();
  }
}

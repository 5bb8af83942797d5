package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessioncheck.runtime.CommitResult;
import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.LoadResult;
import dev.sessioncheck.runtime.RequestInfo;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session manager with a RedisStore as its store: requests in, Set-Cookie out, data in Redis. */
class SessionManagerOnRedisTest {
  private static LiveRedis redis;
  private static RedisStore store;
  private static SessionManager manager;

  @BeforeAll
  static void open() {
    redis = LiveRedis.connectOrSkip();
    store = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix).build();
    manager = new SessionManager(SessionConfig.builder("keyboard cat")
        .store(store)
        .maxAge(Duration.ofHours(1))
        .build());
  }

  @AfterAll
  static void closeAll() {
    if (manager != null) {
      manager.close();
    }
    if (store != null) {
      store.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static Session load(String... cookies) {
    LoadResult r = manager.load(RequestInfo.ofCookies(cookies));
    return assertInstanceOf(LoadResult.Loaded.class, r, r.toString()).session();
  }

  /** {@code connect.sid=<value>} from a Set-Cookie header. */
  private static String cookieOf(CommitResult r) {
    CommitResult.Committed c = assertInstanceOf(CommitResult.Committed.class, r, r.toString());
    String header = c.setCookieHeader().orElseThrow(() -> new AssertionError("no Set-Cookie"));
    return header.substring(0, header.indexOf(';'));
  }

  @Test
  void loadSetCommitThenLoadAgainSeesTheValueThroughRedis() throws Exception {
    Session first = load();
    assertTrue(first.isNew());
    first.set("user", "alice");
    String cookie = cookieOf(manager.commit(first, RequestInfo.ofCookies()));
    assertTrue(cookie.startsWith("connect.sid=s%3A" + first.id() + "."), cookie);

    JsonNode raw = new ObjectMapper().readTree(redis.admin.get("" + store.key(first.id())));
    assertEquals("alice", raw.get("user").textValue());
    long ttl = redis.admin.ttl(store.key(first.id()));
    assertTrue(ttl > 0 && ttl <= 3600, "TTL " + ttl);

    Session second = load(cookie);
    assertFalse(second.isNew());
    assertEquals(first.id(), second.id());
    assertEquals("alice", second.<String>get("user"));

    // An unchanged session is touched, a changed one merged, a destroyed one gone for good.
    assertInstanceOf(CommitResult.Committed.class, manager.commit(second, RequestInfo.ofCookies(cookie)));
    Session third = load(cookie);
    third.set("visits", 2);
    assertInstanceOf(CommitResult.Committed.class, manager.commit(third, RequestInfo.ofCookies(cookie)));
    Session fourth = load(cookie);
    assertEquals("alice", fourth.<String>get("user"));
    assertEquals(Integer.valueOf(2), fourth.<Integer>get("visits"));
    DestroyResult d = fourth.destroy();
    assertTrue(d.ok(), d.toString());
    assertFalse(redis.admin.exists(store.key(first.id())));
    assertTrue(load(cookie).isNew());
  }
}

package dev.sessioncheck.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessioncheck.runtime.CommitResult;
import dev.sessioncheck.runtime.LoadResult;
import dev.sessioncheck.runtime.RequestInfo;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Node app on express-session 1.18 + connect-redis 7 (src/test/node, installed with npm into
 * target/node-interop) and the Java app on RedisStore share one Redis and one secret: each reads
 * what the other wrote, and writes what the other then reads. Skipped with the reason when node or
 * npm is missing or the install fails, unless {@code SESSIONCHECK_REQUIRE_SERVICES=1}.
 */
class RedisInteropTest {
  private static final String SECRET = "keyboard cat";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static LiveRedis redis;
  private static RedisStore store;
  private static SessionManager manager;
  private static Process node;
  private static int nodePort;

  @BeforeAll
  static void start() throws Exception {
    redis = LiveRedis.connectOrSkip();
    Path work = Path.of("target", "node-interop").toAbsolutePath();
    String nodeBin = onPath("node").orElse(null);
    String npmBin = onPath("npm").orElse(null);
    if (nodeBin == null || npmBin == null) {
      skipOrFail("node and npm are needed for the interop test (node: " + nodeBin + ", npm: "
          + npmBin + ")");
    }
    Files.createDirectories(work);
    for (String f : List.of("package.json", "interop.js")) {
      Files.copy(Path.of("src", "test", "node", f), work.resolve(f),
          StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(work.resolve("node_modules").resolve("connect-redis"))) {
      Process install = new ProcessBuilder(npmBin, "install", "--no-audit", "--no-fund")
          .directory(work.toFile()).redirectErrorStream(true)
          .redirectOutput(work.resolve("npm-install.log").toFile()).start();
      if (!install.waitFor(180, TimeUnit.SECONDS) || install.exitValue() != 0) {
        install.destroyForcibly();
        skipOrFail("npm install of express-session/connect-redis failed: "
            + Files.readString(work.resolve("npm-install.log")).strip());
      }
    }
    ProcessBuilder pb = new ProcessBuilder(nodeBin, "interop.js").directory(work.toFile())
        .redirectErrorStream(true);
    pb.environment().put("REDIS_URL", "redis://" + LiveRedis.HOST + ":" + LiveRedis.PORT);
    pb.environment().put("PREFIX", redis.prefix);
    pb.environment().put("SECRET", SECRET);
    node = pb.start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    }).get(20, TimeUnit.SECONDS);
    if (line == null || !line.startsWith("LISTENING ")) {
      fail("the Node app did not start: " + line);
    }
    nodePort = Integer.parseInt(line.substring("LISTENING ".length()).trim());

    store = RedisStore.builder(LiveRedis.URI_).prefix(redis.prefix).build();
    manager = new SessionManager(SessionConfig.builder(SECRET).store(store)
        .maxAge(Duration.ofHours(1)).build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.destroy();
      if (!node.waitFor(5, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
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

  private static void skipOrFail(String why) {
    if ("1".equals(System.getenv("SESSIONCHECK_REQUIRE_SERVICES"))) {
      fail(why + ", and SESSIONCHECK_REQUIRE_SERVICES=1 requires it");
    }
    System.err.println("[redis] " + why + ": skipping the interop test");
    Assumptions.abort(why);
  }

  private static Optional<String> onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(d, name);
      if (f.canExecute()) {
        return Optional.of(f.getPath());
      }
    }
    return Optional.empty();
  }

  /** A request to the Node app; answers its JSON body and its {@code connect.sid=...} if any. */
  private static Map.Entry<JsonNode, Optional<String>> node(String pathAndQuery, String cookie)
      throws Exception {
    HttpRequest.Builder rb = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + nodePort + pathAndQuery)).timeout(Duration.ofSeconds(10));
    if (cookie != null) {
      rb.header("Cookie", cookie);
    }
    HttpResponse<String> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    Optional<String> set = r.headers().firstValue("set-cookie").map(h -> h.substring(0, h.indexOf(';')));
    return Map.entry(JSON.readTree(r.body()), set);
  }

  private static Session load(String cookie) {
    LoadResult r = manager.load(RequestInfo.ofCookies(cookie));
    return assertInstanceOf(LoadResult.Loaded.class, r, r.toString()).session();
  }

  private static void commit(Session s, String cookie) {
    assertInstanceOf(CommitResult.Committed.class,
        manager.commit(s, cookie == null ? RequestInfo.ofCookies() : RequestInfo.ofCookies(cookie)));
  }

  @Test
  void nodeWritesJavaReadsAndMergesThenNodeReadsTheMerge() throws Exception {
    Map.Entry<JsonNode, Optional<String>> w = node("/write?user=bob", null);
    String cookie = w.getValue().orElseThrow(() -> new AssertionError("Node sent no cookie"));
    String id = w.getKey().get("id").textValue();

    Session s = load(cookie);
    assertFalse(s.isNew(), "Java found the session Node wrote");
    assertEquals(id, s.id());
    assertEquals("bob", s.<String>get("user"));
    assertEquals(Integer.valueOf(1), s.<Integer>get("views"));
    s.set("role", "admin");
    commit(s, cookie);

    // Node sees Java's attribute, and its own next write keeps it (and Java's bookkeeping).
    JsonNode afterNode = node("/write?user=bob2", cookie).getKey().get("session");
    assertEquals("admin", afterNode.get("role").textValue());
    assertEquals(2, afterNode.get("views").intValue());
    JsonNode raw = JSON.readTree(redis.admin.get(store.key(id)));
    assertTrue(raw.has("__sessioncheck"), raw.toString());

    Session again = load(cookie);
    assertEquals("bob2", again.<String>get("user"));
    assertEquals(Integer.valueOf(2), again.<Integer>get("views"));
    assertEquals("admin", again.<String>get("role"));
  }

  @Test
  void javaWritesNodeReadsThenJavaReadsNodesChange() throws Exception {
    Session s = load("");
    s.set("user", "alice");
    s.set("cart", List.of(1, 2, 3));
    s.set("prefs", Map.of("lang", "fr"));
    CommitResult c = manager.commit(s, RequestInfo.ofCookies());
    String header = assertInstanceOf(CommitResult.Committed.class, c).setCookieHeader()
        .orElseThrow(() -> new AssertionError("Java sent no cookie"));
    String cookie = header.substring(0, header.indexOf(';'));

    JsonNode read = node("/read", cookie).getKey();
    assertEquals(s.id(), read.get("id").textValue(), "Node accepted Java's signed cookie");
    JsonNode session = read.get("session");
    assertEquals("alice", session.get("user").textValue());
    assertEquals(JSON.readTree("[1,2,3]"), session.get("cart"));
    assertEquals("fr", session.get("prefs").get("lang").textValue());
    assertEquals(3_600_000L, session.get("cookie").get("originalMaxAge").longValue());

    node("/set?name=theme&json=" + URLEncoder.encode("\"dark\"", StandardCharsets.UTF_8), cookie);
    Session again = load(cookie);
    assertEquals("dark", again.<String>get("theme"));
    assertEquals("alice", again.<String>get("user"));
    assertEquals(List.of(1, 2, 3), again.<List<Integer>>get("cart"));
    long ttl = redis.admin.ttl(store.key(s.id()));
    assertTrue(ttl > 3500 && ttl <= 3600, "connect-redis set the TTL from cookie.expires: " + ttl);
  }
}

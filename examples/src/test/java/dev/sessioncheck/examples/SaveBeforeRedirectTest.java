package dev.sessioncheck.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sessioncheck.examples.testing.Catalogue;
import dev.sessioncheck.examples.testing.Cookies;
import dev.sessioncheck.examples.testing.Javac;
import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.SessionStore;
import dev.sessioncheck.runtime.SessionTouch;
import dev.sessioncheck.runtime.SessionWrite;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.WriteStatus;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The catalogue's save-before-redirect-missing entry, proven over HTTP: the bug file (no explicit
 * save before its redirect) and its express-style twin both run against a store that takes
 * {@value #SAVE_MILLIS} ms per save. The store must hold the new cart before the client has the
 * 303, and the page the 303 points to must show it.
 */
class SaveBeforeRedirectTest {
  private static final long SAVE_MILLIS = 150;

  @TempDir Path classes;

  @ParameterizedTest
  @ValueSource(strings = {"Bug", "Fixed"})
  void theRedirectTargetSeesTheSavedCart(String which) throws Exception {
    Catalogue.Entry entry = Catalogue.entry("save-before-redirect-missing");
    Path source = which.equals("Bug") ? entry.bug() : entry.fixed();
    Javac.Result compiled = Javac.withChecker(source, classes);
    assertTrue(compiled.success() && compiled.diagnostics().isEmpty(), compiled.describe());

    SlowStore store = new SlowStore();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try (URLClassLoader loader =
            new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        SessionManager manager = new SessionManager(
            SessionConfig.builder("save-before-redirect test secret").store(store).build())) {
      String className = which.equals("Bug") ? entry.bugClass() : entry.fixedClass();
      Method install = loader.loadClass(className)
          .getMethod("install", HttpServer.class, SessionManager.class);
      install.invoke(null, server, manager);
      server.start();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

      long before = System.nanoTime();
      HttpResponse<String> added = client.send(
          HttpRequest.newBuilder(URI.create(base + "/cart/add?item=book"))
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      long received = System.nanoTime();
      assertEquals(303, added.statusCode());
      assertEquals(Optional.of("/cart"), added.headers().firstValue("Location"));
      String cookie = Cookies.sessionCookie(added).orElseThrow(
          () -> new AssertionError("no session cookie on the 303: " + added.headers()));

      // The save finished before the client had the redirect, although it took SAVE_MILLIS.
      long savedAt = store.lastSaveDone.get();
      assertTrue(savedAt > before && savedAt < received,
          "the save must complete before the 303 reaches the client");
      assertTrue(received - before >= SAVE_MILLIS * 1_000_000, "the slow save was on the path");
      String id = Cookies.sessionId(cookie);
      SessionRecord stored = store.memory.load(id).orThrow()
          .orElseThrow(() -> new AssertionError("no record for " + id));
      assertEquals(List.of("book"), stored.attributes().get("cart"));

      HttpResponse<String> cart = client.send(
          HttpRequest.newBuilder(URI.create(base + "/cart")).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, cart.statusCode());
      assertEquals("book", cart.body());

      HttpResponse<String> second = client.send(
          HttpRequest.newBuilder(URI.create(base + "/cart/add?item=pen")).header("Cookie", cookie)
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(303, second.statusCode());
      HttpResponse<String> both = client.send(
          HttpRequest.newBuilder(URI.create(base + "/cart")).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("book\npen", both.body());
    } finally {
      server.stop(0);
      store.memory.close();
    }
  }

  /** A memory store whose saves take SAVE_MILLIS, like a remote store on a slow day. */
  static final class SlowStore implements SessionStore {
    final MemoryStore memory = new MemoryStore();
    final AtomicLong lastSaveDone = new AtomicLong();

    @Override
    public StoreResult<Optional<SessionRecord>> load(String id) {
      return memory.load(id);
    }

    @Override
    public StoreResult<WriteStatus> save(String id, SessionWrite write) {
      try {
        Thread.sleep(SAVE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return StoreResult.failed(dev.sessioncheck.runtime.StoreError.Kind.TIMEOUT, "interrupted");
      }
      StoreResult<WriteStatus> result = memory.save(id, write);
      lastSaveDone.set(System.nanoTime());
      return result;
    }

    @Override
    public StoreResult<WriteStatus> touch(String id, SessionTouch touch) {
      return memory.touch(id, touch);
    }

    @Override
    public StoreResult<WriteStatus> destroy(String id) {
      return memory.destroy(id);
    }
  }
}

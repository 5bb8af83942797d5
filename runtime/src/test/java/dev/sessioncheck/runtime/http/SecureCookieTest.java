package dev.sessioncheck.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.sessioncheck.runtime.MemoryStore;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Secure attribute under AUTO: TLS at this server, or a trusted X-Forwarded-Proto. */
class SecureCookieTest {
  private final MemoryStore store = new MemoryStore();
  private SessionManager manager;
  private TestServer server;

  private void start(SessionConfig.Builder config) {
    manager = new SessionManager(config.store(store).build());
    server = TestServer.start().route("/count", handler());
  }

  private SessionHttpHandler handler() {
    return SessionHttpHandler.wrap(manager, (exchange, session) -> {
      session.set("n", 1);
      Http.text(exchange, 200, exchange instanceof HttpsExchange ? "tls" : "plain");
    });
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    manager.close();
    store.close();
  }

  private List<String> setCookies(String forwardedProto) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/count"));
    if (forwardedProto != null) {
      request.header("X-Forwarded-Proto", forwardedProto);
    }
    return Browser.sendRaw(request.build()).headers().allValues("Set-Cookie");
  }

  @Test
  void autoTrustsXForwardedProtoOnlyWhenConfiguredTo() throws Exception {
    start(SessionConfig.builder("secure secret").secure(SessionConfig.Secure.AUTO).trustForwardedProto(true));
    assertTrue(setCookies("https").get(0).contains("; Secure"));
    assertTrue(setCookies("https, http").get(0).contains("; Secure"));
    assertFalse(setCookies("http").get(0).contains("; Secure"));
    assertFalse(setCookies(null).get(0).contains("; Secure"));
  }

  @Test
  void autoIgnoresXForwardedProtoByDefault() throws Exception {
    start(SessionConfig.builder("secure secret").secure(SessionConfig.Secure.AUTO));
    assertFalse(setCookies("https").get(0).contains("; Secure"));
  }

  @Test
  void secureOnSendsNoCookieOverPlainHttp() throws Exception {
    start(SessionConfig.builder("secure secret").secure(SessionConfig.Secure.ON).trustForwardedProto(true));
    assertEquals(List.of(), setCookies(null));
    assertTrue(setCookies("https").get(0).contains("; Secure"));
  }

  @Test
  void autoOverRealTlsMarksTheCookieSecure(@TempDir Path dir) throws Exception {
    manager = new SessionManager(SessionConfig.builder("secure secret").store(store).build());
    char[] password = "changeit".toCharArray();
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keyalg", "EC", "-alias", "server", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
    assertTrue(keytool.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, keytool.exitValue(), keytoolOutput);

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keys);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    AtomicReference<Object> sslSession = new AtomicReference<>();
    https.createContext("/count", handler());
    https.createContext("/ssl", SessionHttpHandler.wrap(manager, (exchange, session) -> {
      sslSession.set(assertInstanceOf(HttpsExchange.class, exchange).getSSLSession());
      Http.text(exchange, 200, "ok");
    }));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    https.setExecutor(pool);
    https.start();
    try {
      HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      String base = "https://127.0.0.1:" + https.getAddress().getPort();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/count")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("tls", response.body());
      assertTrue(response.headers().firstValue("Set-Cookie").orElseThrow().contains("; Secure"));

      assertEquals("ok", client.send(HttpRequest.newBuilder(URI.create(base + "/ssl")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertTrue(sslSession.get() != null);
    } finally {
      https.stop(0);
      pool.shutdownNow();
    }
  }
}

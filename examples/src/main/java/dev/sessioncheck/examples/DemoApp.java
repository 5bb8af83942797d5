package dev.sessioncheck.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sessioncheck.redis.RedisStore;
import dev.sessioncheck.runtime.Carry;
import dev.sessioncheck.runtime.DestroyResult;
import dev.sessioncheck.runtime.RegenerateResult;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.http.SessionHttpHandler;
import dev.sessioncheck.runtime.jdbc.JdbcStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo: a small web app on the JDK's {@code HttpServer}, its sessions kept by the sessioncheck
 * runtime in memory, Redis or a SQL database ({@link DemoStore}), its code checked by the
 * sessioncheck processor when it is compiled.
 *
 * <pre>
 *   GET  /        a page with a login form and a logout button, and a per-session view counter
 *   POST /login   form field {@code user}: regenerates the session, stores the user, 303 to /me
 *   GET  /me      200 with the user name when logged in, 401 otherwise
 *   POST /logout  destroys the session, 303 to /
 * </pre>
 *
 * <p>The view counter is there so that a session exists before login: logging in starts a new
 * session under a new id (against session fixation) and keeps nothing of the old one, so the count
 * starts again, and the old cookie is worth nothing afterwards.
 *
 * <p>Run it with {@code mvn -q -Pdemo package} from the repository root, or {@code java ...
 * DemoApp [--port N] [--store memory|redis://...|jdbc:...] [--secret S]}. Start it from code with {@link
 * #start(Settings)}.
 */
public final class DemoApp implements AutoCloseable {

  /**
   * The secret used when none is given, so that the demo starts with no arguments. Anyone who
   * reads this file can forge cookies signed with it: never use it outside the demo.
   */
  static final String DEMO_SECRET = "sessioncheck-demo-secret: public, for the demo only";

  static final int DEFAULT_PORT = 8080;

  /** Form bodies larger than this are refused; a user name needs far less. */
  static final int MAX_FORM_BYTES = 8 * 1024;

  static final int MAX_USER_LENGTH = 64;

  private final HttpServer server;
  private final ExecutorService executor;
  private final SessionManager manager;
  private final DemoStore.Opened store;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private DemoApp(HttpServer server, ExecutorService executor, SessionManager manager,
      DemoStore.Opened store) {
    this.server = server;
    this.executor = executor;
    this.manager = manager;
    this.store = store;
  }

  /** What the command line chose. */
  public record Settings(int port, DemoStore store, Optional<String> secret) {
    public Settings {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(secret, "secret");
    }

    /** The defaults: port 8080, the memory store, the demo secret. */
    public static Settings defaults() {
      return new Settings(DEFAULT_PORT, new DemoStore.Memory(), Optional.empty());
    }

    /** The same settings with another store. */
    public Settings withStore(DemoStore newStore) {
      return new Settings(port, newStore, secret);
    }

    /** The same settings with another signing secret. */
    public Settings withSecret(String newSecret) {
      return new Settings(port, store, Optional.of(newSecret));
    }

    /** The same settings on another port ({@code 0}: any free port). */
    public Settings withPort(int newPort) {
      return new Settings(newPort, store, secret);
    }
  }

  /**
   * A command line that does not start the demo: {@link #main} prints the message and exits with
   * {@link #exitCode()}, 2 for a usage error, 0 for {@code --help}.
   */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    UsageException(String message) {
      this(message, 2);
    }

    UsageException(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  static final String DEFAULT_KEY_PREFIX = RedisStore.DEFAULT_PREFIX;

  static final String DEFAULT_TABLE = JdbcStore.DEFAULT_TABLE;

  static final String STORE_FORMS =
      "  --store memory                      in this process only (the default)\n"
          + "  --store redis://[[user]:password@]host[:port][/db]   (rediss:// for TLS)\n"
          + "                                    Redis, keys <prefix><id> as connect-redis writes them\n"
          + "  --store jdbc:postgresql://host[:port]/database[?user=U&password=P]\n"
          + "  --store jdbc:h2:<h2 url>            e.g. jdbc:h2:mem:demo or jdbc:h2:./demo-sessions";

  static final String USAGE =
      "usage: DemoApp [--port N] [--store STORE] [--key-prefix P | --table T] [--secret SECRET]\n"
          + "  --port N            port on 127.0.0.1 (default 8080; 0 picks a free one)\n"
          + STORE_FORMS + "\n"
          + "  --key-prefix P      Redis key prefix (default " + DEFAULT_KEY_PREFIX + ")\n"
          + "  --table T           JDBC table, created if missing (default " + DEFAULT_TABLE + ")\n"
          + "  --secret SECRET     the cookie signing secret (default: a public demo secret)";

  /** Parses the command line; {@code --opt value} and {@code --opt=value} both work. */
  public static Settings parse(String... args) throws UsageException {
    int port = DEFAULT_PORT;
    String store = "memory";
    Optional<String> keyPrefix = Optional.empty();
    Optional<String> table = Optional.empty();
    Optional<String> secret = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--help":
        case "-h":
          throw new UsageException(USAGE, 0);
        case "--port":
        case "--store":
        case "--key-prefix":
        case "--table":
        case "--secret":
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException(name + " needs a value\n" + USAGE);
            }
            value = args[++i];
          }
          break;
        default:
          throw new UsageException("unknown option '" + arg + "'\n" + USAGE);
      }
      switch (name) {
        case "--port":
          port = parsePort(value);
          break;
        case "--store":
          store = value;
          break;
        case "--key-prefix":
          keyPrefix = Optional.of(value);
          break;
        case "--table":
          table = Optional.of(value);
          break;
        default:
          if (value.isBlank()) {
            throw new UsageException("--secret must not be empty or blank");
          }
          secret = Optional.of(value);
      }
    }
    return new Settings(port, parseStore(store, keyPrefix, table), secret);
  }

  private static int parsePort(String value) throws UsageException {
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, with the value
    }
    throw new UsageException("--port must be a number from 0 to 65535, got '" + value + "'");
  }

  private static DemoStore parseStore(String value, Optional<String> keyPrefix,
      Optional<String> table) throws UsageException {
    String lower = value.toLowerCase(Locale.ROOT);
    boolean redis = lower.startsWith("redis://") || lower.startsWith("rediss://");
    boolean jdbc = lower.startsWith("jdbc:");
    if (keyPrefix.isPresent() && !redis) {
      throw new UsageException("--key-prefix applies to a redis:// store only");
    }
    if (table.isPresent() && !jdbc) {
      throw new UsageException("--table applies to a jdbc: store only");
    }
    try {
      if (value.equals("memory")) {
        return new DemoStore.Memory();
      }
      if (redis) {
        return new DemoStore.Redis(new URI(value), keyPrefix.orElse(DEFAULT_KEY_PREFIX));
      }
      if (jdbc) {
        return new DemoStore.Jdbc(value, table.orElse(DEFAULT_TABLE));
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new UsageException("--store '" + DemoStore.redact(value) + "' is not usable: "
          + e.getMessage() + "\naccepted forms:\n" + STORE_FORMS);
    }
    throw new UsageException("--store '" + DemoStore.redact(value) + "' is not a store the demo"
        + " knows\naccepted forms:\n" + STORE_FORMS);
  }

  /**
   * Starts the demo on 127.0.0.1 with the given settings and returns once it accepts connections.
   * With {@code settings.port() == 0} the system picks a free port: ask {@link #port()}.
   *
   * @throws DemoStore.StartupException if the store cannot be reached or prepared
   */
  public static DemoApp start(Settings settings) throws IOException {
    String secret = settings.secret().orElse(DEMO_SECRET);
    DemoStore.Opened store = settings.store().open();
    SessionManager manager;
    HttpServer server;
    try {
      SessionConfig.Builder config = SessionConfig.builder(secret);
      store.store().ifPresent(config::store);
      manager = new SessionManager(config.build());
      // The JDK's server leaves Nagle's algorithm on unless this property says otherwise, and it
      // writes a response's headers and body separately: on a kept-alive connection the client's
      // delayed ACK then holds the body back ~40 ms (the p90 of the first end-to-end benchmark).
      // The JDK reads the property once, when its first server starts; a value set by the user wins.
      if (System.getProperty("sun.net.httpserver.nodelay") == null) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
      }
      try {
        server = HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
      } catch (IOException | RuntimeException e) {
        manager.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "demo-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", SessionHttpHandler.wrap(manager, DemoApp::route));
    server.start();
    return new DemoApp(server, executor, manager, store);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The address to open in a browser, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /**
   * Stops accepting requests, lets running ones finish (up to a second), then closes the session
   * manager and the store's connections (the sessions in Redis or the database stay).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop(1);
      executor.shutdown();
      try {
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    } finally {
      try {
        manager.close();
      } finally {
        try {
          store.close();
        } finally {
          stopped.countDown();
        }
      }
    }
  }

  /** Blocks until {@link #close()} has run. */
  public void awaitClose() throws InterruptedException {
    stopped.await();
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Settings settings;
    try {
      settings = parse(args);
    } catch (UsageException e) {
      (e.exitCode() == 0 ? System.out : System.err).println(e.getMessage());
      System.exit(e.exitCode());
      return;
    }
    if (settings.secret().isEmpty()) {
      warnDemoSecret(System.err);
    }
    DemoApp app;
    try {
      app = start(settings);
    } catch (DemoStore.StartupException e) {
      System.err.println("sessioncheck demo: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "demo-shutdown"));
    System.out.println("sessioncheck demo on " + app.url() + " (store: "
        + settings.store().describe() + "; Ctrl-C stops it)");
    app.awaitClose();
  }

  static void warnDemoSecret(PrintStream err) {
    err.println("************************************************************************");
    err.println("* WARNING: no --secret given; cookies are signed with the PUBLIC demo   *");
    err.println("* secret written in DemoApp.java. Anyone can forge them. For the demo   *");
    err.println("* only: never deploy it. Pass --secret <long random value> otherwise.   *");
    err.println("************************************************************************");
  }

  // ---- routes ------------------------------------------------------------------------------------

  private static void route(HttpExchange exchange, Session session) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    switch (path) {
      case "/":
        if (isGet(method)) {
          home(exchange, session);
        } else {
          methodNotAllowed(exchange, "GET, HEAD");
        }
        break;
      case "/me":
        if (isGet(method)) {
          me(exchange, session);
        } else {
          methodNotAllowed(exchange, "GET, HEAD");
        }
        break;
      case "/login":
        if (method.equals("POST")) {
          login(exchange, session);
        } else {
          methodNotAllowed(exchange, "POST");
        }
        break;
      case "/logout":
        if (method.equals("POST")) {
          logout(exchange, session);
        } else {
          methodNotAllowed(exchange, "POST");
        }
        break;
      default:
        sendText(exchange, 404, "not found: " + path);
    }
  }

  private static boolean isGet(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  private static void home(HttpExchange exchange, Session session) throws IOException {
    // Numbers come back from the store as whatever JSON number type fits; ask for Number.
    int views = session.get("views", Number.class).map(Number::intValue).orElse(0) + 1;
    session.set("views", views);
    Optional<String> user = session.get("user", String.class);
    String status = user.map(u -> "Logged in as <b>" + escapeHtml(u) + "</b>.")
        .orElse("Not logged in.");
    String page = "<!DOCTYPE html>\n"
        + "<html lang=\"en\">\n"
        + "<head><meta charset=\"utf-8\"><title>sessioncheck demo</title></head>\n"
        + "<body>\n"
        + "<h1>sessioncheck demo</h1>\n"
        + "<p id=\"status\">" + status + "</p>\n"
        + "<p id=\"views\">Views of this page in this session: " + views + "</p>\n"
        + "<form method=\"post\" action=\"/login\">\n"
        + "  <label>User <input name=\"user\" maxlength=\"" + MAX_USER_LENGTH + "\" required></label>\n"
        + "  <button type=\"submit\">Log in</button>\n"
        + "</form>\n"
        + "<form method=\"post\" action=\"/logout\">\n"
        + "  <button type=\"submit\">Log out</button>\n"
        + "</form>\n"
        + "<p><a href=\"/me\">/me</a> shows who you are.</p>\n"
        + "</body>\n"
        + "</html>\n";
    send(exchange, 200, "text/html; charset=utf-8", page);
  }

  private static void me(HttpExchange exchange, Session session) throws IOException {
    Optional<String> user = session.get("user", String.class);
    if (user.isEmpty()) {
      sendText(exchange, 401, "not logged in");
      return;
    }
    send(exchange, 200, "text/html; charset=utf-8",
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>me</title></head>\n"
            + "<body><p>Logged in as <b id=\"user\">" + escapeHtml(user.get()) + "</b>.</p>\n"
            + "<form method=\"post\" action=\"/logout\"><button type=\"submit\">Log out</button></form>\n"
            + "</body></html>\n");
  }

  private static void login(HttpExchange exchange, Session session) throws IOException {
    Optional<String> form = readForm(exchange);
    if (form.isEmpty()) {
      return;
    }
    Optional<String> user = formField(form.get(), "user").map(String::strip);
    if (user.isEmpty() || user.get().isEmpty() || user.get().length() > MAX_USER_LENGTH) {
      sendText(exchange, 400, "form field 'user' must be 1 to " + MAX_USER_LENGTH + " characters");
      return;
    }
    // A new id at login, and nothing of the anonymous session carried over.
    RegenerateResult regenerated = session.regenerate(Carry.DROP_DATA);
    if (!(regenerated instanceof RegenerateResult.Regenerated ok)) {
      // The old record may still be valid in the store: refuse the login rather than log in
      // a user whose pre-login id an attacker might still hold.
      sendText(exchange, 503, "login failed: the session store is unavailable ("
          + regenerated.failure().map(e -> e.kind().toString()).orElse("?") + "); try again");
      return;
    }
    Session loggedIn = ok.session();
    loggedIn.set("user", user.get());
    redirect(exchange, "/me");
  }

  private static void logout(HttpExchange exchange, Session session) throws IOException {
    DestroyResult destroyed = session.destroy();
    if (destroyed instanceof DestroyResult.Failed failed) {
      // The cookie is cleared anyway, but the record may outlive this response until it expires.
      sendText(exchange, 503, "logout incomplete: the session store failed ("
          + failed.error().kind() + "); this browser is logged out, the session may stay valid"
          + " elsewhere until it expires");
      return;
    }
    redirect(exchange, "/");
  }

  // ---- HTTP helpers --------------------------------------------------------------------------------

  /** The request body as text, or empty after answering 413 / 415 itself. */
  private static Optional<String> readForm(HttpExchange exchange) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      sendText(exchange, 415, "expected a form (application/x-www-form-urlencoded)");
      return Optional.empty();
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    try (InputStream in = exchange.getRequestBody()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (body.size() + n > MAX_FORM_BYTES) {
          sendText(exchange, 413, "form too large");
          return Optional.empty();
        }
        body.write(buffer, 0, n);
      }
    }
    return Optional.of(body.toString(StandardCharsets.UTF_8));
  }

  /** The first value of a field of an urlencoded form; a malformed escape counts as absent. */
  static Optional<String> formField(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
          return Optional.of(URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  static String escapeHtml(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          sb.append("&amp;");
          break;
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '"':
          sb.append("&quot;");
          break;
        case '\'':
          sb.append("&#39;");
          break;
        default:
          sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    // The session is committed (saved, Set-Cookie added) before these headers go out.
    exchange.sendResponseHeaders(303, -1);
  }

  private static void methodNotAllowed(HttpExchange exchange, String allow) throws IOException {
    exchange.getResponseHeaders().set("Allow", allow);
    sendText(exchange, 405, "method " + exchange.getRequestMethod() + " not allowed; allowed: " + allow);
  }

  private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", text + "\n");
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

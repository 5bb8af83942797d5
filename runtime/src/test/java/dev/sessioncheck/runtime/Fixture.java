package dev.sessioncheck.runtime;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** A manager on a fake clock and a (possibly failing) memory store, with browser-like helpers. */
final class Fixture implements AutoCloseable {
  final MutableClock clock = new MutableClock();
  final MemoryStore memory = MemoryStore.builder().clock(clock).build();
  final FailingStore store = new FailingStore(memory);
  final SessionManager manager;

  Fixture() {
    this(b -> b);
  }

  Fixture(UnaryOperator<SessionConfig.Builder> options) {
    this(options, "keyboard cat");
  }

  Fixture(UnaryOperator<SessionConfig.Builder> options, String secret, String... older) {
    manager = new SessionManager(
        options.apply(SessionConfig.builder(secret, older).clock(clock).store(store)).build());
  }

  /** Loads the session for a request carrying {@code cookie} ("name=value"), or none if null. */
  Session load(String cookie) {
    LoadResult r = manager.load(request(cookie));
    return assertInstanceOf(LoadResult.Loaded.class, r).session();
  }

  static RequestInfo request(String cookie) {
    return cookie == null ? RequestInfo.ofCookies() : RequestInfo.ofCookies(cookie);
  }

  /** Commits and answers the Set-Cookie header, if any. */
  Optional<String> commit(Session s, String cookie) {
    CommitResult r = manager.commit(s, request(cookie));
    return assertInstanceOf(CommitResult.Committed.class, r).setCookieHeader();
  }

  /** The "name=value" a browser would send back for a Set-Cookie header. */
  static String cookieOf(String setCookie) {
    int semi = setCookie.indexOf(';');
    return semi < 0 ? setCookie : setCookie.substring(0, semi);
  }

  /** A new session with {@code user=alice}, committed; answers the browser cookie. */
  String login() {
    Session s = load(null);
    s.set("user", "alice");
    return cookieOf(commit(s, null).orElseThrow());
  }

  @Override
  public void close() {
    manager.close();
    memory.close();
  }
}

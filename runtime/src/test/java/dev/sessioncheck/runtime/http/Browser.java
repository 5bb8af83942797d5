package dev.sessioncheck.runtime.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An HTTP client with a hand-made cookie jar: the tests must see exactly which Set-Cookie came
 * back and send exactly the Cookie they mean (including broken ones), which java.net's
 * CookieManager would hide or refuse.
 */
final class Browser {
  /** One client for all tests: its selector thread is not cheap, and it keeps no cookies. */
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final Function<String, URI> base;
  private final Clock clock;
  private final Map<String, String> jar = new LinkedHashMap<>();
  /** Expiry of the cookies that have one; an expired cookie is not sent, as a browser does. */
  private final Map<String, Instant> expiries = new LinkedHashMap<>();
  private volatile List<String> lastSetCookies = List.of();

  Browser(TestServer server) {
    this(server, Clock.systemUTC());
  }

  Browser(TestServer server, Clock clock) {
    this.base = server::uri;
    this.clock = clock;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.apply(path)).GET());
  }

  HttpResponse<String> head(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.apply(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return post(path, "");
  }

  HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.apply(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /** Sends with the jar's cookies, then applies the response's Set-Cookie headers to the jar. */
  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    Optional<String> cookie = cookieHeader();
    cookie.ifPresent(c -> request.header("Cookie", c));
    HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> setCookies = response.headers().allValues("Set-Cookie");
    synchronized (jar) {
      for (String setCookie : setCookies) {
        apply(setCookie);
      }
    }
    lastSetCookies = List.copyOf(setCookies);
    return response;
  }

  /** Sends without touching the jar: for concurrent requests that all carry one cookie. */
  static HttpResponse<String> sendRaw(HttpRequest request) throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  Optional<String> cookieHeader() {
    synchronized (jar) {
      dropExpired();
      if (jar.isEmpty()) {
        return Optional.empty();
      }
      List<String> pairs = new ArrayList<>();
      jar.forEach((name, value) -> pairs.add(name + "=" + value));
      return Optional.of(String.join("; ", pairs));
    }
  }

  String cookie(String name) {
    synchronized (jar) {
      dropExpired();
      return jar.get(name);
    }
  }

  /** Sets a cookie by hand, with no expiry (a client that ignores Expires, or an attacker). */
  void setCookie(String name, String value) {
    synchronized (jar) {
      expiries.remove(name);
      jar.put(name, value);
    }
  }

  void clearCookies() {
    synchronized (jar) {
      jar.clear();
      expiries.clear();
    }
  }

  List<String> lastSetCookies() {
    return lastSetCookies;
  }

  private void dropExpired() {
    Instant now = clock.instant();
    expiries.entrySet().removeIf(e -> {
      if (e.getValue().isAfter(now)) {
        return false;
      }
      jar.remove(e.getKey());
      return true;
    });
  }

  private void apply(String setCookie) {
    String[] parts = setCookie.split(";");
    int eq = parts[0].indexOf('=');
    String name = parts[0].substring(0, eq).trim();
    String value = parts[0].substring(eq + 1).trim();
    boolean expired = false;
    Instant expiresAt = null;
    for (int i = 1; i < parts.length; i++) {
      String attr = parts[i].trim();
      String lower = attr.toLowerCase(Locale.ROOT);
      if (lower.startsWith("max-age=")) {
        long seconds = Long.parseLong(attr.substring("max-age=".length()));
        expired |= seconds <= 0;
        expiresAt = clock.instant().plusSeconds(seconds);
      } else if (lower.startsWith("expires=")) {
        Instant expires = ZonedDateTime.parse(attr.substring("expires=".length()),
            DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        expired |= !expires.isAfter(clock.instant());
        expiresAt = expires;
      }
    }
    expiries.remove(name);
    if (expired) {
      jar.remove(name);
    } else {
      jar.put(name, value);
      if (expiresAt != null) {
        expiries.put(name, expiresAt);
      }
    }
  }
}

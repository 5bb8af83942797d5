package dev.sessioncheck.runtime;

import dev.sessioncheck.runtime.cookie.CookieSigner;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Immutable session configuration. Start from {@link #builder(String, String...)}: a secret is
 * required by the signature, so forgetting it is a compile error; every other option has a
 * default, and {@link Builder#build()} rejects every bad value with a message naming the option.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th><th>express-session</th></tr>
 *   <tr><td>secrets</td><td>(required) first signs, all verify</td><td>{@code secret}</td></tr>
 *   <tr><td>cookieName</td><td>{@code connect.sid}</td><td>{@code name}</td></tr>
 *   <tr><td>path</td><td>{@code /}</td><td>{@code cookie.path}</td></tr>
 *   <tr><td>domain</td><td>none (host-only)</td><td>{@code cookie.domain}</td></tr>
 *   <tr><td>httpOnly</td><td>true</td><td>{@code cookie.httpOnly}</td></tr>
 *   <tr><td>secure</td><td>{@link Secure#AUTO}</td><td>{@code cookie.secure} (default false)</td></tr>
 *   <tr><td>trustForwardedProto</td><td>false</td><td>{@code proxy} / {@code trust proxy}</td></tr>
 *   <tr><td>sameSite</td><td>{@link SameSite#LAX}</td><td>{@code cookie.sameSite} (default unset)</td></tr>
 *   <tr><td>maxAge</td><td>none: a browser-session cookie</td><td>{@code cookie.maxAge}</td></tr>
 *   <tr><td>partitioned</td><td>false</td><td>{@code cookie.partitioned}</td></tr>
 *   <tr><td>priority</td><td>none</td><td>{@code cookie.priority}</td></tr>
 *   <tr><td>rolling</td><td>false</td><td>{@code rolling}</td></tr>
 *   <tr><td>resave</td><td>false</td><td>{@code resave} (default true, deprecated)</td></tr>
 *   <tr><td>saveUninitialized</td><td>false</td><td>{@code saveUninitialized} (default true, deprecated)</td></tr>
 *   <tr><td>idleTimeout</td><td>30 minutes</td><td>none (store TTL only)</td></tr>
 *   <tr><td>absoluteTimeout</td><td>24 hours</td><td>none</td></tr>
 *   <tr><td>idGenerator</td><td>32 bytes of {@link SecureRandom}, URL-safe Base64</td><td>{@code genid} (24 bytes uid-safe)</td></tr>
 *   <tr><td>store</td><td>a new {@link MemoryStore} on this config's clock, closed with the manager</td><td>{@code store} (MemoryStore)</td></tr>
 *   <tr><td>storeErrorPolicy</td><td>{@link StoreErrorPolicy#failRequest()}</td><td>(errors go to {@code next(err)})</td></tr>
 *   <tr><td>clock</td><td>{@link Clock#systemUTC()}</td><td>—</td></tr>
 * </table>
 */
public final class SessionConfig {

  /** Whether the cookie carries the {@code Secure} attribute. */
  public enum Secure {
    /**
     * Always. As in express-session, the cookie is then not sent at all on a request that did not
     * arrive over HTTPS (browsers would drop it anyway).
     */
    ON,
    /** Never. */
    OFF,
    /**
     * When the request arrived over HTTPS: the server's own TLS, or {@code X-Forwarded-Proto:
     * https} if {@link Builder#trustForwardedProto(boolean)} is on. (express: {@code secure:
     * 'auto'}.)
     */
    AUTO
  }

  /** The cookie's {@code SameSite} attribute. */
  public enum SameSite {
    LAX("Lax"),
    STRICT("Strict"),
    /** Requires {@link Secure#ON}: browsers drop {@code SameSite=None} cookies without Secure. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
      this.attribute = attribute;
    }

    /** The attribute value as written in {@code Set-Cookie}: {@code Lax}, {@code Strict}, {@code None}. */
    public String attribute() {
      return attribute;
    }
  }

  /** The cookie's {@code Priority} attribute (a Chrome extension that express-session supports). */
  public enum Priority {
    LOW("Low"),
    MEDIUM("Medium"),
    HIGH("High");

    private final String attribute;

    Priority(String attribute) {
      this.attribute = attribute;
    }

    /** The attribute value as written in {@code Set-Cookie}: {@code Low}, {@code Medium}, {@code High}. */
    public String attribute() {
      return attribute;
    }
  }

  /** Default idle timeout. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

  /** Default absolute timeout. */
  public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(24);

  /** Default cookie name, the same as express-session's. */
  public static final String DEFAULT_COOKIE_NAME = "connect.sid";

  private final List<String> secrets;
  private final CookieSigner signer;
  private final String cookieName;
  private final String path;
  private final Optional<String> domain;
  private final boolean httpOnly;
  private final Secure secure;
  private final boolean trustForwardedProto;
  private final SameSite sameSite;
  private final Optional<Duration> maxAge;
  private final boolean partitioned;
  private final Optional<Priority> priority;
  private final boolean rolling;
  private final boolean resave;
  private final boolean saveUninitialized;
  private final Optional<Duration> idleTimeout;
  private final Optional<Duration> absoluteTimeout;
  private final Supplier<String> idGenerator;
  private final SessionStore store;
  private final boolean ownsStore;
  private final StoreErrorPolicy storeErrorPolicy;
  private final Clock clock;

  private SessionConfig(Builder b, SessionStore store, boolean ownsStore) {
    this.secrets = List.copyOf(b.secrets);
    this.signer = CookieSigner.ofSecrets(secrets);
    this.cookieName = b.cookieName;
    this.path = b.path;
    this.domain = Optional.ofNullable(b.domain);
    this.httpOnly = b.httpOnly;
    this.secure = b.secure;
    this.trustForwardedProto = b.trustForwardedProto;
    this.sameSite = b.sameSite;
    this.maxAge = Optional.ofNullable(b.maxAge);
    this.partitioned = b.partitioned;
    this.priority = Optional.ofNullable(b.priority);
    this.rolling = b.rolling;
    this.resave = b.resave;
    this.saveUninitialized = b.saveUninitialized;
    this.idleTimeout = Optional.ofNullable(b.idleTimeout);
    this.absoluteTimeout = Optional.ofNullable(b.absoluteTimeout);
    this.idGenerator = b.idGenerator;
    this.store = store;
    this.ownsStore = ownsStore;
    this.storeErrorPolicy = b.storeErrorPolicy;
    this.clock = b.clock;
  }

  /**
   * A builder whose cookies are signed with {@code secret} and verified with it and every one of
   * {@code olderSecrets} (key rotation: put the new secret first, keep the old ones until their
   * cookies have expired).
   */
  public static Builder builder(String secret, String... olderSecrets) {
    List<String> all = new ArrayList<>();
    all.add(secret);
    if (olderSecrets == null) {
      all.add(null);
    } else {
      for (String s : olderSecrets) {
        all.add(s);
      }
    }
    return new Builder(all);
  }

  /** A builder from a list of secrets: the first signs, all verify. Must not be empty. */
  public static Builder builder(List<String> secrets) {
    Objects.requireNonNull(secrets, "secrets");
    return new Builder(new ArrayList<>(secrets));
  }

  /** The secrets, signing one first. */
  public List<String> secrets() {
    return secrets;
  }

  /** The signer for this config's secrets. */
  public CookieSigner signer() {
    return signer;
  }

  public String cookieName() {
    return cookieName;
  }

  public String path() {
    return path;
  }

  public Optional<String> domain() {
    return domain;
  }

  public boolean httpOnly() {
    return httpOnly;
  }

  public Secure secure() {
    return secure;
  }

  public boolean trustForwardedProto() {
    return trustForwardedProto;
  }

  public SameSite sameSite() {
    return sameSite;
  }

  /** Cookie lifetime; empty means a browser-session cookie (no {@code Expires}). */
  public Optional<Duration> maxAge() {
    return maxAge;
  }

  public boolean partitioned() {
    return partitioned;
  }

  /** The cookie's {@code Priority}, if set. */
  public Optional<Priority> priority() {
    return priority;
  }

  public boolean rolling() {
    return rolling;
  }

  public boolean resave() {
    return resave;
  }

  public boolean saveUninitialized() {
    return saveUninitialized;
  }

  /** Longest time between two requests of a session; empty = no idle timeout. */
  public Optional<Duration> idleTimeout() {
    return idleTimeout;
  }

  /** Longest life of a session since its creation; empty = no absolute timeout. */
  public Optional<Duration> absoluteTimeout() {
    return absoluteTimeout;
  }

  public Supplier<String> idGenerator() {
    return idGenerator;
  }

  public SessionStore store() {
    return store;
  }

  /** Whether the store was created by {@link Builder#build()} (and is closed by the manager). */
  public boolean ownsStore() {
    return ownsStore;
  }

  public StoreErrorPolicy storeErrorPolicy() {
    return storeErrorPolicy;
  }

  public Clock clock() {
    return clock;
  }

  /** Whether a request counts as HTTPS for {@link Secure#AUTO} (and for {@link Secure#ON}). */
  public boolean isSecureRequest(RequestInfo request) {
    if (request.secureTransport()) {
      return true;
    }
    return trustForwardedProto
        && request.forwardedProto().map(p -> firstToken(p).equalsIgnoreCase("https")).orElse(false);
  }

  private static String firstToken(String header) {
    int comma = header.indexOf(',');
    return (comma < 0 ? header : header.substring(0, comma)).trim();
  }

  /** The default id generator: 32 bytes from {@link SecureRandom}, URL-safe Base64 without padding. */
  public static Supplier<String> secureRandomIds() {
    return IdGenerator.INSTANCE;
  }

  /** Builder; every setter only records, {@link #build()} validates everything at once. */
  public static final class Builder {
    private final List<String> secrets;
    private String cookieName = DEFAULT_COOKIE_NAME;
    private String path = "/";
    private String domain;
    private boolean httpOnly = true;
    private Secure secure = Secure.AUTO;
    private boolean trustForwardedProto;
    private SameSite sameSite = SameSite.LAX;
    private Duration maxAge;
    private boolean partitioned;
    private Priority priority;
    private boolean rolling;
    private boolean resave;
    private boolean saveUninitialized;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration absoluteTimeout = DEFAULT_ABSOLUTE_TIMEOUT;
    private Supplier<String> idGenerator = secureRandomIds();
    private SessionStore store;
    private StoreErrorPolicy storeErrorPolicy = StoreErrorPolicy.failRequest();
    private Clock clock = Clock.systemUTC();
    /** Null durations, reported by build() with the rest (a null means "none" only via noX()). */
    private final List<String> nullDurations = new ArrayList<>();

    private Builder(List<String> secrets) {
      this.secrets = secrets;
    }

    public Builder cookieName(String cookieName) {
      this.cookieName = cookieName;
      return this;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** The cookie's {@code Domain}; {@code null} for a host-only cookie (the default). */
    public Builder domain(String domain) {
      this.domain = domain;
      return this;
    }

    public Builder httpOnly(boolean httpOnly) {
      this.httpOnly = httpOnly;
      return this;
    }

    public Builder secure(Secure secure) {
      this.secure = secure;
      return this;
    }

    /** Trust {@code X-Forwarded-Proto} (only behind a proxy that sets it). Default false. */
    public Builder trustForwardedProto(boolean trust) {
      this.trustForwardedProto = trust;
      return this;
    }

    public Builder sameSite(SameSite sameSite) {
      this.sameSite = sameSite;
      return this;
    }

    /** Cookie lifetime (sent as {@code Expires}); must be positive. */
    public Builder maxAge(Duration maxAge) {
      if (maxAge == null) {
        nullDurations.add("maxAge must not be null (use noMaxAge() for a browser-session cookie)");
      }
      this.maxAge = maxAge;
      return this;
    }

    /** A browser-session cookie: no {@code Expires} (the default). */
    public Builder noMaxAge() {
      this.maxAge = null;
      return this;
    }

    /** CHIPS {@code Partitioned}; requires {@link Secure#ON}. */
    public Builder partitioned(boolean partitioned) {
      this.partitioned = partitioned;
      return this;
    }

    /** The cookie's {@code Priority}; {@code null} for none (the default). */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /** Send the cookie (with a renewed expiry) on every response, not only when it changes. */
    public Builder rolling(boolean rolling) {
      this.rolling = rolling;
      return this;
    }

    /** Write the session back to the store on every request even when it did not change. */
    public Builder resave(boolean resave) {
      this.resave = resave;
      return this;
    }

    /** Store (and send a cookie for) new sessions that were never given an attribute. */
    public Builder saveUninitialized(boolean saveUninitialized) {
      this.saveUninitialized = saveUninitialized;
      return this;
    }

    /** Must be positive. */
    public Builder idleTimeout(Duration idleTimeout) {
      if (idleTimeout == null) {
        nullDurations.add("idleTimeout must not be null (use noIdleTimeout())");
      }
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder noIdleTimeout() {
      this.idleTimeout = null;
      return this;
    }

    /** Must be positive and not shorter than the idle timeout. */
    public Builder absoluteTimeout(Duration absoluteTimeout) {
      if (absoluteTimeout == null) {
        nullDurations.add("absoluteTimeout must not be null (use noAbsoluteTimeout())");
      }
      this.absoluteTimeout = absoluteTimeout;
      return this;
    }

    public Builder noAbsoluteTimeout() {
      this.absoluteTimeout = null;
      return this;
    }

    /**
     * Session id source. Ids must be unguessable (at least 128 bits of entropy). Called once by
     * {@link #build()} to check it returns a non-empty id.
     */
    public Builder idGenerator(Supplier<String> idGenerator) {
      this.idGenerator = idGenerator;
      return this;
    }

    /** The store; by default a {@link MemoryStore} that the manager closes. */
    public Builder store(SessionStore store) {
      this.store = store;
      return this;
    }

    public Builder storeErrorPolicy(StoreErrorPolicy storeErrorPolicy) {
      this.storeErrorPolicy = storeErrorPolicy;
      return this;
    }

    /** The time source for expiry (tests pass a fixed or adjustable clock). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Validates every option and builds the config.
     *
     * @throws IllegalArgumentException listing every invalid option by name
     */
    public SessionConfig build() {
      List<String> problems = new ArrayList<>();
      validateSecrets(problems);
      problems.addAll(nullDurations);
      validateCookie(problems);
      validateDurations(problems);
      if (idGenerator == null) {
        problems.add("idGenerator must not be null");
      } else {
        String sample;
        try {
          sample = idGenerator.get();
        } catch (RuntimeException e) {
          sample = null;
          problems.add("idGenerator threw " + e);
        }
        if (sample != null && sample.isEmpty()) {
          problems.add("idGenerator must return non-empty ids (it returned \"\")");
        }
      }
      if (storeErrorPolicy == null) {
        problems.add("storeErrorPolicy must not be null");
      }
      if (clock == null) {
        problems.add("clock must not be null");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid session config: " + String.join("; ", problems));
      }
      if (store != null) {
        return new SessionConfig(this, store, false);
      }
      return new SessionConfig(this, MemoryStore.builder().clock(clock).build(), true);
    }

    private void validateSecrets(List<String> problems) {
      if (secrets.isEmpty()) {
        problems.add("secret must not be empty: give at least one secret");
        return;
      }
      for (int i = 0; i < secrets.size(); i++) {
        String s = secrets.get(i);
        String which = i == 0 ? "secret" : "secret #" + (i + 1) + " (an older secret)";
        if (s == null) {
          problems.add(which + " must not be null");
        } else if (s.isBlank()) {
          problems.add(which + " must not be empty or blank");
        }
      }
    }

    private void validateCookie(List<String> problems) {
      if (cookieName == null || cookieName.isEmpty()) {
        problems.add("cookieName must not be empty");
      } else if (!isToken(cookieName)) {
        problems.add(
            "cookieName must be an RFC 6265 token (no spaces, controls or ()<>@,;:\\\"/[]?={}), got \""
                + cookieName + "\"");
      }
      if (path == null || !path.startsWith("/")) {
        problems.add("path must start with '/', got " + quote(path));
      } else if (!isAttributeValue(path)) {
        problems.add("path must not contain ';' or control characters, got " + quote(path));
      }
      if (domain != null && (domain.isBlank() || !isAttributeValue(domain) || domain.contains(" "))) {
        problems.add("domain must be a host name without spaces, ';' or controls, got " + quote(domain));
      }
      if (secure == null) {
        problems.add("secure must not be null (ON, OFF or AUTO)");
      }
      if (sameSite == null) {
        problems.add("sameSite must not be null (LAX, STRICT or NONE)");
      } else if (sameSite == SameSite.NONE && secure != Secure.ON) {
        problems.add("sameSite NONE requires secure(ON): browsers reject SameSite=None cookies without Secure");
      }
      if (partitioned && secure != Secure.ON) {
        problems.add("partitioned requires secure(ON): browsers reject Partitioned cookies without Secure");
      }
    }

    private void validateDurations(List<String> problems) {
      positive("maxAge", maxAge, problems);
      positive("idleTimeout", idleTimeout, problems);
      positive("absoluteTimeout", absoluteTimeout, problems);
      if (idleTimeout != null && absoluteTimeout != null && !idleTimeout.isNegative()
          && absoluteTimeout.compareTo(idleTimeout) < 0) {
        problems.add("absoluteTimeout (" + absoluteTimeout + ") must not be shorter than idleTimeout ("
            + idleTimeout + ")");
      }
    }

    private static void positive(String name, Duration d, List<String> problems) {
      if (d == null) {
        return;
      }
      if (d.isNegative() || d.isZero()) {
        problems.add(name + " must be positive, got " + d);
      } else if (d.compareTo(Duration.ofDays(365L * 1000)) > 0) {
        problems.add(name + " must be at most 1000 years, got " + d);
      } else if (d.toMillis() == 0) {
        problems.add(name + " must be at least 1 millisecond, got " + d);
      }
    }

    private static String quote(String s) {
      return s == null ? "null" : "\"" + s + "\"";
    }

    private static boolean isToken(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
          return false;
        }
      }
      return true;
    }

    private static boolean isAttributeValue(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == 0x7f || c == ';') {
          return false;
        }
      }
      return true;
    }
  }

  private static final class IdGenerator implements Supplier<String> {
    static final IdGenerator INSTANCE = new IdGenerator();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();

    @Override
    public String get() {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      return ENCODER.encodeToString(bytes);
    }

    @Override
    public String toString() {
      return "secureRandomIds(256 bits)";
    }
  }
}

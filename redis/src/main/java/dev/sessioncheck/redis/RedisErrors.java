package dev.sessioncheck.redis;

import dev.sessioncheck.runtime.StoreError;
import java.net.SocketTimeoutException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Maps what Jedis throws onto the store's error kinds. Messages never carry attribute values. */
final class RedisErrors {
  /** Error replies that mean "the server cannot serve now", not "the server refuses this value". */
  private static final String[] UNAVAILABLE_REPLIES = {
    "LOADING", "BUSY", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "NOREPLICAS"
  };

  private RedisErrors() {}

  static StoreError translate(String operation, RuntimeException e) {
    String what = "Redis " + operation;
    if (seen(e, SocketTimeoutException.class)) {
      return new StoreError(StoreError.Kind.TIMEOUT, what + " timed out", e);
    }
    if (seen(e, NoSuchElementException.class)) {
      // commons-pool: no connection came free within the pool's maximum wait
      return new StoreError(StoreError.Kind.TIMEOUT,
          what + " timed out waiting for a pooled connection", e);
    }
    if (seen(e, JedisConnectionException.class)) {
      return new StoreError(StoreError.Kind.UNAVAILABLE, what + " failed: " + e.getMessage(), e);
    }
    if (e instanceof JedisDataException) {
      String reply = e.getMessage() == null ? "" : e.getMessage();
      for (String prefix : UNAVAILABLE_REPLIES) {
        if (reply.startsWith(prefix)) {
          return new StoreError(StoreError.Kind.UNAVAILABLE, what + " answered " + reply, e);
        }
      }
      return new StoreError(StoreError.Kind.REJECTED, what + " answered " + reply, e);
    }
    if (e instanceof IllegalArgumentException) {
      return new StoreError(StoreError.Kind.REJECTED, what + " refused: " + e.getMessage(), e);
    }
    // Pool closed ("Pool not open"), an unexpected reply shape, a bug: the store cannot serve.
    return new StoreError(StoreError.Kind.UNAVAILABLE, what + " failed: " + e, e);
  }

  /** Whether {@code type} occurs among the causes or suppressed exceptions of {@code e}. */
  private static boolean seen(Throwable e, Class<? extends Throwable> type) {
    return seen(e, type, new IdentityHashMap<>());
  }

  private static boolean seen(Throwable e, Class<? extends Throwable> type,
      Map<Throwable, Boolean> visited) {
    if (e == null || visited.put(e, Boolean.TRUE) != null) {
      return false;
    }
    if (type.isInstance(e)) {
      return true;
    }
    for (Throwable s : e.getSuppressed()) {
      if (seen(s, type, visited)) {
        return true;
      }
    }
    return seen(e.getCause(), type, visited);
  }
}

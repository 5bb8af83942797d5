/*
 * Catalogue: missing-secret (the fix)
 *
 * Failure: express-session started without its `secret` option: a deprecation warning at startup,
 * then "secret option required for sessions" on every request.
 *
 * At run time: with this runtime the secret is a required argument of SessionConfig.builder, so
 * the mistake cannot be written; and build() refuses a null, empty or blank secret when the app
 * starts, naming it, instead of failing later on a request.
 *
 * Fix: the secret comes from the environment (never from the source), with the previous one after
 * it while rotating keys: the first secret signs new cookies, all of them verify old ones. If the
 * variable is unset, build() fails at startup with "secret must not be null".
 */
package dev.sessioncheck.examples.catalogue.missingsecret;

import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.util.Map;

final class MissingSecretFixed {
  private MissingSecretFixed() {}

  static SessionManager sessions(Map<String, String> environment) {
    String secret = environment.get("SESSION_SECRET");
    String previous = environment.get("SESSION_SECRET_PREVIOUS");
    SessionConfig.Builder builder = previous == null
        ? SessionConfig.builder(secret)
        : SessionConfig.builder(secret, previous);
    return new SessionManager(builder.cookieName("sid").build());
  }
}

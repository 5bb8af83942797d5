/*
 * Catalogue: missing-secret (the bug)
 *
 * Failure: express-session started without its `secret` option. express-session only prints
 * "express-session deprecated req.secret; provide secret option" at startup; the app comes up, and
 * then every request fails with "secret option required for sessions". The mistake is found in
 * production, by users.
 *
 * At run time: nothing goes wrong, because this file does not compile. SessionConfig.builder has no
 * overload without a secret, so javac reports "no suitable method found for builder(no
 * arguments)" on the marked line. No sessioncheck rule is involved: the design removes the failure.
 * A secret that is there but null, empty or blank is refused by build() at startup, with a message
 * naming it (MissingSecretTest proves both).
 *
 * Fix: MissingSecretFixed passes the secret, read from the environment rather than written in
 * the source, and the previous one after it while the key is being rotated.
 */
package dev.sessioncheck.examples.catalogue.missingsecret;

import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;

final class MissingSecretBug {
  private MissingSecretBug() {}

  static SessionManager sessions() {
    SessionConfig config = SessionConfig.builder() // expect-javac: compiler.err.cant.apply.symbols
        .cookieName("sid")
        .build();
    return new SessionManager(config);
  }
}

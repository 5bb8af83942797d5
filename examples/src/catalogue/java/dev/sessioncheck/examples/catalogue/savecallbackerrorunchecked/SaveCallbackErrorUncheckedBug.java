/*
 * Catalogue: save-callback-error-unchecked (the bug)
 *
 * Failure: express-session's
 *   req.session.save(() => res.redirect(paymentUrl))
 * whose callback never looks at `err`; or `req.session.save()` with no callback at all.
 *
 * At run time without the checker: the checkout hands the order to the payment provider, which
 * calls back (server to server) with the session id and finds no pending order, because the save
 * failed: the customer pays for an order the shop never sees. The language preference is lost
 * without a trace. A null callback is thrown back at once as a NullPointerException by the
 * runtime, so the "don't care" variant fails every request instead.
 *
 * Fix: SaveCallbackErrorUncheckedFixed reads the error on every path: the checkout stops (and
 * throws, which the HTTP integration turns into a 500) before the provider hears of an order that
 * is not stored; the preference save logs its failure.
 */
package dev.sessioncheck.examples.catalogue.savecallbackerrorunchecked;

import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.StoreError;

final class SaveCallbackErrorUncheckedBug {
  private static final System.Logger LOG = System.getLogger("app.session");

  /** The payment provider's client: it calls back with the session id once paid. */
  interface Payments {
    void start(String orderId, String sessionId);
  }

  private SaveCallbackErrorUncheckedBug() {}

  /** POST /checkout: the order must be stored before the provider can call back. */
  static void checkout(Session session, String orderId, Payments payments) {
    session.set("pendingOrder", orderId);
    session.save(error -> payments.start(orderId, session.id())); // expect: unchecked-error
  }

  /** POST /language */
  static void rememberLanguage(Session session, String language) {
    session.set("language", language);
    session.save(SaveCallbackErrorUncheckedBug::saved); // expect: unchecked-error
  }

  /** GET /ping from the page every minute: keep the session alive, results don't matter. */
  static void keepAlive(Session session) {
    session.set("lastPing", System.currentTimeMillis());
    session.save(null); // expect: null-callback
  }

  private static void saved(StoreError error) {
    LOG.log(System.Logger.Level.DEBUG, "language saved");
  }
}

/*
 * Catalogue: save-callback-error-unchecked (the fix)
 *
 * Failure: express-session's `req.session.save(() => ...)`, a save callback that never looks at
 * `err`, or a save with no callback.
 *
 * At run time: a failed save stops the checkout before the payment provider hears of an order the
 * shop has not stored (the StoreException becomes a 500); a failed preference save is logged; the
 * keep-alive does not save at all, because the commit at the end of the request already does.
 *
 * Fix: read the error on every path of the callback (throwing it is reading it); pass a callback,
 * never null. A request that only changes attributes needs no explicit save.
 */
package dev.sessioncheck.examples.catalogue.savecallbackerrorunchecked;

import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.StoreError;

final class SaveCallbackErrorUncheckedFixed {
  private static final System.Logger LOG = System.getLogger("app.session");

  /** The payment provider's client: it calls back with the session id once paid. */
  interface Payments {
    void start(String orderId, String sessionId);
  }

  private SaveCallbackErrorUncheckedFixed() {}

  /** POST /checkout: the order must be stored before the provider can call back. */
  static void checkout(Session session, String orderId, Payments payments) {
    session.set("pendingOrder", orderId);
    session.save(error -> {
      if (error != null) {
        throw error.toException();
      }
      payments.start(orderId, session.id());
    });
  }

  /** POST /language */
  static void rememberLanguage(Session session, String language) {
    session.set("language", language);
    session.save(SaveCallbackErrorUncheckedFixed::saved);
  }

  /** GET /ping from the page every minute: the request's commit touches the session. */
  static void keepAlive(Session session) {
    session.set("lastPing", System.currentTimeMillis());
  }

  private static void saved(StoreError error) {
    if (error != null) {
      LOG.log(System.Logger.Level.WARNING, "language preference not saved: " + error);
    }
  }
}

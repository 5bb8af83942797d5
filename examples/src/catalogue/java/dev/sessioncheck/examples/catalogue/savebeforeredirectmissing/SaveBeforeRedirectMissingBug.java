/*
 * Catalogue: save-before-redirect-missing (the bug that cannot happen)
 *
 * Failure: the express-session race
 *   req.session.cart = [...cart, item]; res.redirect('/cart')
 * express-session saves the session when the response ends, asynchronously; with a store slower
 * than the browser (Redis, a database), the browser follows the redirect before the save has
 * finished and GET /cart shows the old cart. The usual fix is an explicit
 * `req.session.save(() => res.redirect('/cart'))` on every such redirect.
 *
 * At run time: nothing goes wrong, and this file compiles with no finding: there is no rule for
 * this, because the design removes the failure. SessionHttpHandler commits the session (saves it
 * and adds Set-Cookie) before the response headers go out, so the browser cannot see the 303
 * before the store has the new cart. SaveBeforeRedirectTest runs this very file over HTTP with a
 * store that takes 150 ms per save, and shows the store holds the cart before the client receives
 * the redirect, and that GET /cart sees it.
 *
 * Fix: none needed. SaveBeforeRedirectMissingFixed shows the express-style explicit save, for
 * comparison: equivalent here, and only useful when the store must hold the data before something
 * other than the response happens (see save-callback-error-unchecked).
 */
package dev.sessioncheck.examples.catalogue.savebeforeredirectmissing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.http.SessionHttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class SaveBeforeRedirectMissingBug {
  private SaveBeforeRedirectMissingBug() {}

  /** POST /cart/add?item=... and GET /cart. */
  public static void install(HttpServer server, SessionManager manager) {
    server.createContext("/cart/add", SessionHttpHandler.wrap(manager, SaveBeforeRedirectMissingBug::add));
    server.createContext("/cart", SessionHttpHandler.wrap(manager, SaveBeforeRedirectMissingBug::show));
  }

  static void add(HttpExchange exchange, Session session) throws IOException {
    String item = item(exchange);
    List<String> cart = new ArrayList<>(cart(session));
    cart.add(item);
    session.set("cart", cart);
    exchange.getResponseHeaders().set("Location", "/cart");
    exchange.sendResponseHeaders(303, -1);
  }

  static void show(HttpExchange exchange, Session session) throws IOException {
    byte[] body = String.join("\n", cart(session)).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static List<String> cart(Session session) {
    List<String> cart = session.get("cart");
    return cart == null ? List.of() : cart;
  }

  private static String item(HttpExchange exchange) {
    String query = exchange.getRequestURI().getQuery();
    return query != null && query.startsWith("item=") ? query.substring(5) : "nothing";
  }
}

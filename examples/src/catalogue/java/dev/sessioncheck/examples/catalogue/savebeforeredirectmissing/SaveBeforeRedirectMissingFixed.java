/*
 * Catalogue: save-before-redirect-missing (the express-style fix, for comparison)
 *
 * Failure: the express-session race `req.session.cart = ...; res.redirect('/cart')`: the redirect
 * can reach the browser before the asynchronous save, and the next page shows stale data.
 *
 * At run time: the same as SaveBeforeRedirectMissingBug, which is not a bug with this runtime:
 * SessionHttpHandler commits before the headers go out either way (SaveBeforeRedirectTest runs
 * both files over HTTP).
 *
 * Fix: the explicit save express-session needs, `req.session.save(err => ...)`, written as the
 * result form and checked. With this runtime it is redundant before a redirect; keep it for when
 * the store must hold the data before something else than the response happens.
 */
package dev.sessioncheck.examples.catalogue.savebeforeredirectmissing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sessioncheck.runtime.SaveResult;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionManager;
import dev.sessioncheck.runtime.http.SessionHttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class SaveBeforeRedirectMissingFixed {
  private SaveBeforeRedirectMissingFixed() {}

  /** POST /cart/add?item=... and GET /cart. */
  public static void install(HttpServer server, SessionManager manager) {
    server.createContext("/cart/add", SessionHttpHandler.wrap(manager, SaveBeforeRedirectMissingFixed::add));
    server.createContext("/cart", SessionHttpHandler.wrap(manager, SaveBeforeRedirectMissingFixed::show));
  }

  static void add(HttpExchange exchange, Session session) throws IOException {
    String item = item(exchange);
    List<String> cart = new ArrayList<>(cart(session));
    cart.add(item);
    session.set("cart", cart);
    SaveResult saved = session.save();
    if (saved instanceof SaveResult.Failed failed) {
      send(exchange, 503, "the cart could not be saved (" + failed.error().kind() + ")");
      return;
    }
    exchange.getResponseHeaders().set("Location", "/cart");
    exchange.sendResponseHeaders(303, -1);
  }

  static void show(HttpExchange exchange, Session session) throws IOException {
    send(exchange, 200, String.join("\n", cart(session)));
  }

  private static List<String> cart(Session session) {
    List<String> cart = session.get("cart");
    return cart == null ? List.of() : cart;
  }

  private static String item(HttpExchange exchange) {
    String query = exchange.getRequestURI().getQuery();
    return query != null && query.startsWith("item=") ? query.substring(5) : "nothing";
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}

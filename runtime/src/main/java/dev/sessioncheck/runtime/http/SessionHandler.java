package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import dev.sessioncheck.runtime.Session;
import java.io.IOException;

/**
 * A handler that receives the request's session as a parameter, so that the checker can follow
 * it through the handler body (a session fetched from an attribute is an untracked {@code Object}
 * cast). Run it with {@link SessionHttpHandler#wrap}.
 *
 * <p>The exchange passed in commits the session just before its first response header goes out;
 * see {@link SessionHttpHandler} for what each way of responding does.
 */
@FunctionalInterface
public interface SessionHandler {
  void handle(HttpExchange exchange, Session session) throws IOException;
}

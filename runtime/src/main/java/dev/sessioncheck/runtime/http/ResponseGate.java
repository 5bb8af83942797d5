package dev.sessioncheck.runtime.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * Stands between a handler and the real exchange, so that the session is committed exactly once
 * and before the first response header goes out, whichever way the handler starts its response.
 *
 * <p>Every path that can put headers on the wire goes through here: {@code sendResponseHeaders},
 * the first write / flush / close of the response body, {@code exchange.close()}, and the
 * handler returning. The JDK itself throws on a body write before {@code sendResponseHeaders}
 * and drops the connection on a {@code close()} with nothing sent; behind the gate those start an
 * implicit 200 instead (chunked for a write or flush, empty for a close), as a servlet container
 * or Go's net/http would. On a HEAD request, body writes are dropped (the JDK would throw), so a
 * handler that does not special-case HEAD still answers it.
 *
 * <p>All methods synchronise on the gate: a handler may pass the body stream to another thread,
 * and the commit must still happen once.
 */
final class ResponseGate {

  static final String COMMIT_REFUSED_BODY = "503 Service Unavailable: the session could not be saved\n";
  static final String INTERNAL_ERROR_BODY = "500 Internal Server Error\n";

  // sendResponseHeaders length arguments (HttpExchange.RSPBODY_CHUNKED/EMPTY exist only from 18).
  static final long CHUNKED = 0;
  static final long EMPTY = -1;

  enum State {
    /** Nothing sent, nothing committed. */
    OPEN,
    /** Committed; the handler's headers went out and its body goes through. */
    SENT,
    /** The commit was refused or failed; a 503/500 went out instead; handler output is dropped. */
    REPLACED,
    /** The handler threw before sending anything; a 500 went out, nothing was committed. */
    ABANDONED
  }

  private final HttpExchange raw;
  private final CommitStep step;
  private final OutputStream body = new GatedBody();
  private final boolean head;
  private State state = State.OPEN;

  ResponseGate(HttpExchange raw, CommitStep step) {
    this.raw = raw;
    this.step = step;
    this.head = "HEAD".equals(raw.getRequestMethod());
  }

  synchronized State state() {
    return state;
  }

  /** The stream handed to the handler as {@code getResponseBody()}. */
  OutputStream body() {
    return body;
  }

  synchronized void sendResponseHeaders(int status, long length) throws IOException {
    switch (state) {
      case OPEN:
        if (passGate()) {
          raw.sendResponseHeaders(status, length);
        }
        return;
      case REPLACED:
      case ABANDONED:
        // Same contract as the JDK's second call, with the reason in the message.
        throw new IOException("headers already sent: the response was replaced by "
            + raw.getResponseCode() + " (see the log)");
      default:
        raw.sendResponseHeaders(status, length); // the JDK reports the double send
    }
  }

  /** {@code exchange.close()} from the handler. */
  synchronized void close() throws IOException {
    if (state == State.OPEN && passGate()) {
      raw.sendResponseHeaders(200, EMPTY);
    }
    raw.close();
  }

  /** The handler returned normally: the response is complete. */
  synchronized void finish() throws IOException {
    close();
  }

  /**
   * The handler threw. Before any header went out nothing is committed (the request failed, so
   * its half-made session changes are not saved) and the client gets a 500; afterwards the
   * exchange is only closed, since the status is already on the wire.
   */
  synchronized void abort(Throwable failure) {
    String what = describe();
    if (state == State.OPEN) {
      HttpLog.LOG.log(Level.ERROR, "handler failed for " + what
          + "; responding 500 without committing the session", failure);
      try {
        replace(State.ABANDONED, 500, INTERNAL_ERROR_BODY);
      } catch (IOException e) {
        HttpLog.LOG.log(Level.DEBUG, "could not send the 500 for " + what, e);
        raw.close();
      }
    } else {
      // An I/O error once the response is under way is almost always the client going away.
      Level level = failure instanceof IOException ? Level.DEBUG : Level.ERROR;
      HttpLog.LOG.log(level, "handler failed for " + what
          + " after the response headers were sent; closing the exchange", failure);
      raw.close();
    }
  }

  /**
   * Runs the commit (the state must be OPEN). Returns whether the handler's response may go out;
   * if not, the replacement has been sent.
   */
  private boolean passGate() throws IOException {
    CommitStep.Outcome outcome;
    try {
      outcome = step.commit();
    } catch (RuntimeException e) {
      HttpLog.LOG.log(Level.ERROR, "session commit threw for " + describe() + "; responding 500", e);
      replace(State.REPLACED, 500, INTERNAL_ERROR_BODY);
      return false;
    }
    if (outcome instanceof CommitStep.Outcome.Send) {
      state = State.SENT;
      Headers headers = raw.getResponseHeaders();
      for (String cookie : ((CommitStep.Outcome.Send) outcome).setCookies()) {
        headers.add("Set-Cookie", cookie);
      }
      return true;
    }
    HttpLog.LOG.log(Level.DEBUG, "session not committed for " + describe() + " ("
        + ((CommitStep.Outcome.Refuse) outcome).reason()
        + "); the handler's response is replaced by 503");
    replace(State.REPLACED, 503, COMMIT_REFUSED_BODY);
    return false;
  }

  /** Sends a short plain-text response instead of whatever the handler had prepared. */
  private void replace(State newState, int status, String text) throws IOException {
    state = newState;
    sendPlain(raw, status, text);
  }

  /** Sends a complete short plain-text response, dropping headers the handler may have set. */
  static void sendPlain(HttpExchange exchange, int status, String text) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.clear();
    headers.set("Content-Type", "text/plain; charset=utf-8");
    headers.set("Cache-Control", "no-store");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(status, EMPTY);
      } else {
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } finally {
      exchange.close();
    }
  }

  private String describe() {
    return HttpLog.describe(raw);
  }

  /**
   * The handler's view of the response body. Returns the real stream once the handler's headers
   * are out, or null when the handler's output is to be dropped (replaced response).
   */
  private OutputStream openForBody() throws IOException {
    switch (state) {
      case OPEN:
        if (!passGate()) {
          return null;
        }
        raw.sendResponseHeaders(200, head ? EMPTY : CHUNKED);
        return head ? null : raw.getResponseBody();
      case SENT:
        // A HEAD response has no body: the JDK has already ended it and would throw on a write.
        return head ? null : raw.getResponseBody();
      default:
        return null;
    }
  }

  private final class GatedBody extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      synchronized (ResponseGate.this) {
        OutputStream out = openForBody();
        if (out != null) {
          out.write(b);
        }
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (ResponseGate.this) {
        OutputStream out = openForBody();
        if (out != null) {
          out.write(b, off, len);
        }
      }
    }

    @Override
    public void flush() throws IOException {
      synchronized (ResponseGate.this) {
        OutputStream out = openForBody();
        if (out != null) {
          out.flush();
        }
      }
    }

    @Override
    public void close() throws IOException {
      synchronized (ResponseGate.this) {
        if (state == State.OPEN) {
          if (passGate()) {
            raw.sendResponseHeaders(200, EMPTY); // the JDK ends the exchange itself
          }
        } else if (state == State.SENT && !head) {
          raw.getResponseBody().close();
        }
      }
    }
  }
}

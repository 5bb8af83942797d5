/**
 * Sessions for the JDK's {@code com.sun.net.httpserver}: {@link
 * dev.sessioncheck.runtime.http.SessionHttpHandler} (the session as a handler parameter, which the
 * checker can follow) and {@link dev.sessioncheck.runtime.http.SessionFilter} (the session as an
 * exchange attribute, for plain handlers). No dependency beyond the JDK and the runtime core.
 *
 * <p>The one guarantee: the session is committed (saved or touched, {@code Set-Cookie} added)
 * exactly once, <em>before</em> the first response header goes out, whichever way the handler
 * starts its response, so a redirect can never race the save.
 *
 * <table>
 *   <caption>What happens, and how it differs from the bare JDK server and express-session</caption>
 *   <tr><th>the handler…</th><th>here</th><th>bare JDK</th><th>express-session</th></tr>
 *   <tr><td>calls {@code sendResponseHeaders}</td><td>commit, then its headers</td>
 *       <td>headers</td><td>save in {@code res.end} / {@code writeHead}</td></tr>
 *   <tr><td>writes or flushes the body first</td><td>commit, then 200 chunked</td>
 *       <td>IOException</td><td>implicit 200</td></tr>
 *   <tr><td>closes the body or the exchange with nothing sent</td>
 *       <td>commit, then 200 empty</td><td>connection dropped</td><td>—</td></tr>
 *   <tr><td>returns with nothing sent</td><td>commit, then 200 empty (its headers kept)</td>
 *       <td>client waits forever</td><td>client waits forever</td></tr>
 *   <tr><td>returns without closing</td><td>exchange closed</td><td>client waits</td><td>—</td></tr>
 *   <tr><td>throws before sending</td><td>no commit, 500 short body, logged</td>
 *       <td>connection dropped</td><td>error handler's response saves the changes</td></tr>
 *   <tr><td>throws after sending</td><td>already committed; exchange closed, logged</td>
 *       <td>connection dropped</td><td>—</td></tr>
 *   <tr><td>(store fails at load)</td><td>policy: 503 short body, handler not run; or fresh
 *       session</td><td>—</td><td>{@code next(err)}</td></tr>
 *   <tr><td>(store fails at commit)</td><td>policy: 503 replaces the response; or response
 *       sent unsaved</td><td>—</td><td>response already sent; error to {@code next}</td></tr>
 *   <tr><td>(bad cookie: malformed, unsigned, forged, unknown, expired)</td>
 *       <td>new session</td><td>—</td><td>new session</td></tr>
 * </table>
 *
 * <p>Everything is logged through {@link System.Logger} {@code dev.sessioncheck.runtime.http};
 * the default store-error policy logs through {@code dev.sessioncheck.runtime.store}.
 */
package dev.sessioncheck.runtime.http;

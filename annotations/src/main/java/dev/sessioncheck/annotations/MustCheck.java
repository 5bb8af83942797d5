package dev.sessioncheck.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A value the caller must look at before it goes out of reach.
 *
 * <ul>
 *   <li>On a non-void <b>method</b>: every value it returns carries an obligation. The caller must
 *       <em>inspect</em> it on every path &mdash; use it as a receiver, argument, operand, condition,
 *       {@code switch} selector or {@code instanceof} subject, return it, throw it, store it in a
 *       field or array, or capture it in a lambda. Copying it into another local only makes an alias;
 *       the obligation moves with the value. Discarding it is reported as {@code unchecked-result}.
 *   <li>On a <b>type</b>: every method returning that type is treated as {@code @MustCheck}.
 *   <li>On a <b>parameter</b> of a functional interface's abstract method (an <em>error
 *       parameter</em>): every lambda, anonymous class or method reference implementing the
 *       interface must read that parameter on every path that completes normally
 *       ({@code unchecked-error}); passing the literal {@code null} as such a callback is an error
 *       ({@code null-callback}).
 * </ul>
 *
 * <pre>{@code
 * interface Store {
 *   @MustCheck SaveResult save(Session s);
 * }
 * interface DestroyCallback {
 *   void done(@MustCheck StoreError error);
 * }
 *
 * store.save(session);                          // error: [sessioncheck:unchecked-result]
 * if (store.save(session).failed()) { ... }     // fine
 * session.destroy(err -> log.info("bye"));      // error: [sessioncheck:unchecked-error]
 * session.destroy(err -> { if (err != null) log.warn(err); });   // fine
 * }</pre>
 *
 * <p>Retention is {@code CLASS}: the contract travels in the class file so that code compiled
 * against a library jar is checked too, and costs nothing at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.PARAMETER})
public @interface MustCheck {}

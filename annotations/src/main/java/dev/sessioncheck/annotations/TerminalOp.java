package dev.sessioncheck.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A call that ends a value: after it, the value must not be used again.
 *
 * <ul>
 *   <li>On an <b>instance method</b>: {@code x.m(...)} ends the value {@code x} refers to, seen
 *       through {@code x} and through every local that aliases it.
 *   <li>On a <b>parameter</b>: {@code f(..., x, ...)} ends the value passed in that position.
 * </ul>
 *
 * <p>After the end, any use on any path from the call is reported as {@code use-after-terminal}.
 * Still allowed: assigning a new value, {@code ==}/{@code !=}, {@code instanceof}, string
 * concatenation, {@code equals}/{@code hashCode}/{@code toString}/{@code getClass}, the methods
 * named in {@link #allowAfter()}, and passing the value where the declared parameter type is
 * {@code Object} or a type variable. A second terminal call is a use. Callbacks passed to the
 * terminal call run after the end, so the receiver is already ended inside them.
 *
 * <pre>{@code
 * final class Session {
 *   @TerminalOp(allowAfter = "id")
 *   @MustCheck DestroyResult destroy();
 *   String id();
 *   Object get(String key);
 * }
 *
 * DestroyResult r = session.destroy();
 * log.info("ended " + session.id());   // fine: id() is in allowAfter
 * session.get("user");                  // error: [sessioncheck:use-after-terminal]
 * }</pre>
 *
 * <p>Putting it on a static method or a constructor, or naming in {@code allowAfter} a method the
 * type does not have, is reported as {@code bad-annotation}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface TerminalOp {
  /** Names of the receiver type's methods that stay legal after this call ended the value. */
  String[] allowAfter() default {};
}

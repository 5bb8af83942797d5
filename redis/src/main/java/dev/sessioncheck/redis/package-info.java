/** A Redis {@link dev.sessioncheck.runtime.SessionStore}, compatible with connect-redis. */
package dev.sessioncheck.redis;

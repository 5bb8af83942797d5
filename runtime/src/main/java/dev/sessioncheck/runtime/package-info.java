/** The sessioncheck session runtime. */
package dev.sessioncheck.runtime;

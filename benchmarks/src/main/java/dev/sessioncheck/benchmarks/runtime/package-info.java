/** JMH micro-benchmarks of the session runtime (issue 8 item 4), and the end-to-end report. */
package dev.sessioncheck.benchmarks.runtime;

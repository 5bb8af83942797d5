/** Turns the raw outputs of the runs into the tables and the summary of {@code RESULTS.md}. */
package dev.sessioncheck.benchmarks.report;

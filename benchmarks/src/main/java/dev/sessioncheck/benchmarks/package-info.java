/**
 * Benchmarks for issue 8: what the checker costs inside javac ({@code checker}) and how fast the
 * runtime is ({@code runtime}). Driven by {@code benchmarks/run.sh}; never run as tests.
 */
package dev.sessioncheck.benchmarks;

/**
 * The command line, {@code java -jar sessioncheck-processor.jar [options] <files or folders>}: the
 * checker without a build.
 */
package dev.sessioncheck.processor.cli;

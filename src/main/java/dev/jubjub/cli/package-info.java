/**
 * The command line: picocli commands, the progress display and the end-of-run summary, and the
 * mapping of errors to exit codes (0 ok, 1 some projects failed, 2 usage or config error, 3 lock
 * held). Thin: no mirror logic lives here.
 */
package dev.jubjub.cli;

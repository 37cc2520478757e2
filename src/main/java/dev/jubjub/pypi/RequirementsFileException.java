package dev.jubjub.pypi;

import java.util.Optional;

/**
 * A requirements file that cannot be used: unreadable, badly encoded, or with a line that is not
 * a requirement. The message is one line led by {@code file:line} (or {@code file:} when the
 * whole file is at fault), ready for the command boundary to print.
 */
public final class RequirementsFileException extends RuntimeException {
  private final String source;
  private final int line;

  RequirementsFileException(String source, int line, String message, Throwable cause) {
    super((line > 0 ? source + ":" + line : source) + ": " + message, cause);
    this.source = source;
    this.line = line;
  }

  /** The file (or the name given to parsed text) at fault. */
  public String source() {
    return source;
  }

  /** The 1-based line at fault, when one is. */
  public Optional<Integer> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }
}

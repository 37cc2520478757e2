package dev.jubjub.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where something was written in a configuration file; prints as {@code file:line}. */
public record Location(Path file, int line) {
  public Location {
    Objects.requireNonNull(file, "file");
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + line);
    }
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}

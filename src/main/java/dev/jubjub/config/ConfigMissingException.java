package dev.jubjub.config;

import java.nio.file.Path;

/**
 * No configuration file existed, so the commented default was written (when possible) for the
 * user to review. Deliberately not a {@link ConfigException}: bandersnatch exits 1 here, not with
 * the usage/config error code, and a separate type keeps a {@code catch} from mixing the two up.
 */
public final class ConfigMissingException extends RuntimeException {
  private final transient Path path;
  private final boolean written;

  ConfigMissingException(Path path, boolean written, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
    this.written = written;
  }

  /** Where the default configuration was (or would have been) written. */
  public Path path() {
    return path;
  }

  /** Whether the default configuration was actually written to {@link #path()}. */
  public boolean written() {
    return written;
  }
}

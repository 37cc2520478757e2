package dev.jubjub.config;

import java.util.Optional;

/**
 * A mistake in the configuration: unparsable file, missing section or option, invalid value. The
 * message is one line meant for the user, led by {@code file:line} when the mistake has a place;
 * the command boundary prints it without a stack trace.
 */
public class ConfigException extends RuntimeException {
  private final transient Location location;

  public ConfigException(String message) {
    this(null, message, null);
  }

  public ConfigException(Location location, String message) {
    this(location, message, null);
  }

  public ConfigException(Location location, String message, Throwable cause) {
    super(location == null ? message : location + ": " + message, cause);
    this.location = location;
  }

  /** The file and line the message is about, when there is one. */
  public Optional<Location> location() {
    return Optional.ofNullable(location);
  }
}

package dev.jubjub.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mistake in the configuration: unparsable file, missing section or option, invalid value. The
 * message is one line meant for the user, led by {@code file:line} when the mistake has a place;
 * the command boundary prints it without a stack trace.
 */
public class ConfigException extends RuntimeException {
  /** The user-info part of anything URL-like, wherever a message quotes it. */
  private static final Pattern CREDENTIALS = Pattern.compile("://[^/\\s]*@");
  private final transient Location location;

  public ConfigException(String message) {
    this(null, message, null);
  }

  public ConfigException(Location location, String message) {
    this(location, message, null);
  }

  public ConfigException(Location location, String message, Throwable cause) {
    // A message may quote a whole line (one outside any section, say): a password in a URL on
    // it must not reach the terminal or a log. Found by ConfigFuzzTest.
    super(CREDENTIALS.matcher(location == null ? message : location + ": " + message)
        .replaceAll("://***@"), cause);
    this.location = location;
  }

  /** The file and line the message is about, when there is one. */
  public Optional<Location> location() {
    return Optional.ofNullable(location);
  }
}

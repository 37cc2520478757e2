package dev.jubjub.config;

import java.util.Objects;

/**
 * One {@code key = value} of an INI file, before interpolation. {@code key} is spelled as written
 * (lookups ignore case); {@code rawValue} has continuation lines joined with {@code "\n"}; {@code
 * location} is the line of the key, so messages about the value can point at it.
 */
public record IniEntry(String section, String key, String rawValue, Location location) {
  public IniEntry {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(rawValue, "rawValue");
    Objects.requireNonNull(location, "location");
  }

  /** A message about this entry's value, led by its {@code file:line}. */
  ConfigException invalid(String value, String reason) {
    return new ConfigException(
        location,
        "invalid value " + Values.quote(value) + " for '" + key + "' in [" + section + "]: "
            + reason);
  }
}

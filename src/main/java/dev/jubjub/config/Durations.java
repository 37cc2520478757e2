package dev.jubjub.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as an operator writes them in the config or on the command line: {@code 30s}, {@code 90m}, {@code 2h}, {@code 3d}. */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd])");

  private Durations() {}

  /** @throws IllegalArgumentException naming what is expected, for a value that is not a duration above zero */
  public static Duration parse(String raw) {
    Matcher m = DURATION.matcher(raw.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException("expected a duration above zero such as 90m, 2h or 1d (s, m, h, d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}

package dev.jubjub.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [serve]} section: {@code bind} (default 127.0.0.1), {@code port} (default 8080),
 * {@code access-log} (default {@code <directory>/logs/access.log}; {@code off} for none), {@code
 * stats-directory} (download counts; default {@code <directory>/local-stats}) and {@code files}
 * ({@code stream}, or {@code redirect}: presigned redirects to the object store) and {@code
 * max-sync-age} ({@code /health} answers 503 when the last successful sync is older; default
 * {@code off}). On S3 the directory names a bucket, so the log and counts are kept only where these
 * keys say.
 */
public record ServeConfig(
    String bind, int port, Optional<Path> accessLog, Optional<Path> statsDirectory, boolean redirectFiles,
    Optional<Duration> maxSyncAge) {
  private static final Set<String> KNOWN =
      Set.of("bind", "port", "access-log", "stats-directory", "files", "max-sync-age");

  public ServeConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Reads {@code [serve]}, naming file and line for a bad value. */
  public static ServeConfig from(MirrorConfig mirror, List<String> warnings) {
    IniFile ini = mirror.ini();
    for (String key : ini.keys("serve")) {
      if (!KNOWN.contains(key.toLowerCase(Locale.ROOT))) {
        ini.entry("serve", key).ifPresent(e -> warnings.add(e.location() + ": unknown option '" + key + "' in [serve]"));
      }
    }
    String bind = ini.get("serve", "bind").map(String::trim).filter(s -> !s.isEmpty()).orElse("127.0.0.1");
    int port = ini.getInt("serve", "port").orElse(8080);
    if (port < 0 || port > 65535) {
      throw new ConfigException(
          ini.entry("serve", "port").map(IniEntry::location).orElse(null),
          "invalid value for 'port' in [serve]: " + port + " (expected 0-65535)");
    }
    boolean local = !mirror.storageBackend().strip().equalsIgnoreCase("s3");
    Optional<Path> log = path(ini, "access-log", local ? mirror.directory().resolve("logs/access.log") : null);
    Optional<Path> stats = path(ini, "stats-directory", local ? mirror.directory().resolve("local-stats") : null);
    boolean redirect = ini.entry("serve", "files").map(e -> {
      String v = ini.value(e).strip().toLowerCase(java.util.Locale.ROOT);
      return switch (v) {
        case "stream", "" -> false;
        case "redirect" -> true;
        default -> throw e.invalid(v, "expected stream or redirect");
      };
    }).orElse(false);
    Optional<Duration> maxSyncAge = ini.entry("serve", "max-sync-age").flatMap(e -> duration(e, ini.value(e)));
    return new ServeConfig(bind, port, log, stats, redirect, maxSyncAge);
  }

  /** {@code 90m}, {@code 2h}, {@code 1d}, {@code 30s}; {@code off} (or empty) for none. */
  private static Optional<Duration> duration(IniEntry entry, String raw) {
    String v = raw.strip();
    if (v.isEmpty() || v.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Durations.parse(v));
    } catch (IllegalArgumentException e) {
      throw entry.invalid(v, e.getMessage() + ", or off");
    }
  }

  /** A local path option: {@code off} for none; {@code otherwise} (maybe null) when unset. */
  private static Optional<Path> path(IniFile ini, String key, Path otherwise) {
    Optional<String> value = ini.get("serve", key).map(String::trim);
    if (value.isEmpty()) {
      return Optional.ofNullable(otherwise);
    }
    return value.get().equalsIgnoreCase("off") ? Optional.empty() : Optional.of(Path.of(value.get()));
  }
}

package dev.jubjub.sync;

import dev.jubjub.config.ConfigException;
import dev.jubjub.config.Durations;
import dev.jubjub.config.IniEntry;
import dev.jubjub.config.IniFile;
import dev.jubjub.index.DatedFiles;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.pypi.Requirement;
import dev.jubjub.pypi.Version;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code min-release-age}: files uploaded less than this long ago are kept out of the pages and
 * JSON copies clients read until they are old enough (most malware on PyPI is removed within
 * days). Files of projects, or releases, that {@code min-release-age-exempt} names are visible at
 * once. A file without an upload time counts as old (see {@link DatedFiles}).
 *
 * @param minAge zero: off
 * @param exempt a requirement with specifiers exempts only the releases they contain
 * @param clock the run's "now"
 */
public record ReleaseAge(Duration minAge, List<Requirement> exempt, Clock clock) {
  static final String MIN_AGE = "min-release-age";
  static final String EXEMPT = "min-release-age-exempt";
  /**
   * Test-only: a fixed "now" for whole-process tests ({@code 2026-06-01T00:00:00Z}), from the
   * system property {@code jubjub.clock} or the environment variable {@code JUBJUB_CLOCK}.
   */
  public static final String CLOCK_PROPERTY = "jubjub.clock";

  public ReleaseAge {
    Objects.requireNonNull(clock, "clock");
    exempt = List.copyOf(exempt);
    if (minAge.isNegative()) {
      throw new IllegalArgumentException("min-release-age must not be negative");
    }
  }

  public static ReleaseAge off() {
    return new ReleaseAge(Duration.ZERO, List.of(), Clock.systemUTC());
  }

  /** Reads the two options of {@code [mirror]}; a mistake is an error naming file and line. */
  public static ReleaseAge from(IniFile ini, Clock clock) {
    Duration minAge = ini.entry("mirror", MIN_AGE).map(e -> minAge(ini, e)).orElse(Duration.ZERO);
    List<Requirement> exempt = new ArrayList<>();
    for (String line : ini.getList("mirror", EXEMPT)) {
      Optional<IniEntry> entry = ini.entry("mirror", EXEMPT);
      try {
        Optional<Requirement> r = Requirement.parseLine(line);
        if (r.isPresent() && r.get().url().isPresent()) {
          throw new IllegalArgumentException("a URL cannot be exempted; name a project and optional versions");
        }
        r.ifPresent(exempt::add);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(entry.map(IniEntry::location).orElse(null),
            "invalid line " + ProjectName.printable(line) + " in '" + EXEMPT + "' in [mirror]: " + e.getMessage()
                + " (expected a project, optionally with versions: requests, urllib3>=2.2.2)");
      }
    }
    return new ReleaseAge(minAge, exempt, clock);
  }

  private static Duration minAge(IniFile ini, IniEntry entry) {
    String value = ini.value(entry).strip();
    if (value.isEmpty() || value.equals("0")) {
      return Duration.ZERO;
    }
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(entry.location(), "invalid value '" + value + "' for '" + MIN_AGE + "' in [mirror]: "
          + e.getMessage() + ", or 0 for no limit");
    }
  }

  /** The test-only fixed clock when {@link #CLOCK_PROPERTY} or {@code JUBJUB_CLOCK} is set, else the system's. */
  public static Clock clockFromEnvironment() {
    String fixed = Optional.ofNullable(System.getProperty(CLOCK_PROPERTY)).orElse(System.getenv("JUBJUB_CLOCK"));
    return fixed == null || fixed.isBlank()
        ? Clock.systemUTC()
        : Clock.fixed(Instant.parse(fixed.strip()), java.time.ZoneOffset.UTC);
  }

  /** The limit as the config writes it: {@code 3d}, {@code 90m}. */
  String describe() {
    long s = minAge.toSeconds();
    return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  boolean enabled() {
    return minAge.isPositive();
  }

  /**
   * What clients see of a project now.
   *
   * @param visible the project as its pages and JSON copies show it
   * @param files the files its pages link
   * @param agesIn when the next waiting file becomes visible; empty when none waits
   */
  record Split(ProjectMetadata visible, List<DistFile> files, Optional<Instant> agesIn) {}

  /** @param files the project's files (after filters), as the pages would link them without a limit */
  Split split(ProjectMetadata project, List<DistFile> files) {
    if (!enabled()) {
      return new Split(project, files, Optional.empty());
    }
    Instant now = clock.instant();
    List<DistFile> visible = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Instant next = null;
    for (DistFile file : files) {
      Optional<Instant> agesIn = agesIn(project.name(), file);
      if (agesIn.isPresent() && agesIn.get().isAfter(now)) {
        next = next == null || agesIn.get().isBefore(next) ? agesIn.get() : next;
      } else {
        visible.add(file);
        names.add(file.filename());
      }
    }
    if (next == null) {
      return new Split(project, files, Optional.empty());
    }
    Map<String, List<DistFile>> releases = new LinkedHashMap<>();
    project.releases().forEach((version, list) -> {
      List<DistFile> kept = list.stream().filter(f -> names.contains(f.filename())).toList();
      if (list.isEmpty() || !kept.isEmpty()) {
        releases.put(version, kept);
      }
    });
    ProjectMetadata shown = new ProjectMetadata(project.name(), project.lastSerial(), releases,
        DatedFiles.keepFiles(project.json(), entry -> names.contains(entry.path("filename").asText(""))));
    return new Split(shown, List.copyOf(visible), Optional.of(next));
  }

  /** When a file becomes visible; empty when it is at once (exempt, or no upload time). */
  private Optional<Instant> agesIn(ProjectName project, DistFile file) {
    if (isExempt(project, file)) {
      return Optional.empty();
    }
    return DatedFiles.uploadTime(file.uploadTime()).map(t -> t.plus(minAge));
  }

  private boolean isExempt(ProjectName project, DistFile file) {
    for (Requirement r : exempt) {
      if (!r.name().normalized().equals(project.normalized())) {
        continue;
      }
      if (r.specifiers().isEmpty()) {
        return true;
      }
      Optional<Version> version = Version.tryParse(file.version());
      if (version.isPresent() && r.specifiers().contains(version.get(), true)) {
        return true;
      }
    }
    return false;
  }
}

package dev.jubjub.filter;

import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.Requirement;
import dev.jubjub.pypi.Version;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Release filters: which versions of a project are kept. */
final class ReleaseFilters {
  /** What bandersnatch's prerelease plugin matches for versions that are not valid PEP 440. */
  private static final Pattern LEGACY_PRERELEASE =
      Pattern.compile(".+(rc|a|alpha|b|beta|dev|pre|preview|c)\\d*$", Pattern.CASE_INSENSITIVE);

  private ReleaseFilters() {}

  private static Map<String, List<Requirement>> byName(List<Requirement> requirements) {
    return requirements.stream().collect(Collectors.groupingBy(r -> r.name().normalized()));
  }

  /** {@code blocklist_release}: versions matching a listed specifier (pre-releases included) are dropped. */
  static ReleaseFilter blocklist(List<Requirement> requirements) {
    Map<String, List<Requirement>> rules = byName(requirements.stream().filter(r -> !r.specifiers().isEmpty()).toList());
    return (project, versions) -> {
      List<Requirement> mine = rules.get(project.name().normalized());
      if (mine == null) {
        return versions;
      }
      return versions.stream()
          .filter(v -> Version.tryParse(v).map(pv -> mine.stream().noneMatch(r -> r.specifiers().contains(pv, true))).orElse(true))
          .collect(Collectors.toSet());
    };
  }

  /**
   * {@code allowlist_release} and {@code project_requirements_pinned}: for a listed project with
   * specifiers, only the versions matching one of them are kept; versions that are not PEP 440
   * cannot match and are dropped.
   */
  static ReleaseFilter allowlist(List<Requirement> requirements) {
    Map<String, List<Requirement>> rules = byName(requirements);
    return (project, versions) -> {
      List<Requirement> mine = rules.get(project.name().normalized());
      if (mine == null || mine.stream().anyMatch(r -> r.specifiers().isEmpty())) {
        return versions;
      }
      return versions.stream()
          .filter(v -> Version.tryParse(v).map(pv -> mine.stream().anyMatch(r -> r.specifiers().contains(pv, true))).orElse(false))
          .collect(Collectors.toSet());
    };
  }

  /** {@code prerelease_release}: pre- and dev-releases are dropped, for the listed projects or all. */
  static ReleaseFilter prerelease(Set<String> onlyFor) {
    return (project, versions) -> {
      if (!onlyFor.isEmpty() && !onlyFor.contains(project.name().normalized())) {
        return versions;
      }
      return versions.stream().filter(v -> !isPrerelease(v)).collect(Collectors.toSet());
    };
  }

  static boolean isPrerelease(String version) {
    return Version.tryParse(version).map(Version::isPrerelease).orElseGet(() -> LEGACY_PRERELEASE.matcher(version).matches());
  }

  /** {@code regex_release}: versions matching any pattern (from their start) are dropped. */
  static ReleaseFilter regex(List<Pattern> patterns) {
    return (project, versions) -> versions.stream()
        .filter(v -> patterns.stream().noneMatch(p -> p.matcher(v).lookingAt()))
        .collect(Collectors.toSet());
  }

  /**
   * {@code latest_release}: the newest {@code keep} releases by version (or by the upload time
   * of their first file), plus the project's current version, as bandersnatch keeps it.
   */
  static ReleaseFilter latest(int keep, boolean byTime) {
    return (project, versions) -> {
      if (versions.size() <= keep) {
        return versions;
      }
      Comparator<String> newestFirst = byTime
          ? Comparator.comparing((String v) -> firstUpload(project, v)).reversed()
          : Comparator.comparing((String v) -> Version.tryParse(v), ReleaseFilters::compareVersions).reversed();
      Set<String> kept = new HashSet<>(versions.stream().sorted(newestFirst).limit(keep).toList());
      String current = project.json().path("info").path("version").asText("");
      if (versions.contains(current)) {
        kept.add(current);
      }
      return kept;
    };
  }

  /** Invalid versions sort below every valid one. */
  private static int compareVersions(Optional<Version> a, Optional<Version> b) {
    if (a.isPresent() && b.isPresent()) {
      return a.get().compareTo(b.get());
    }
    return Boolean.compare(a.isPresent(), b.isPresent());
  }

  private static String firstUpload(ProjectMetadata project, String version) {
    return project.releases().getOrDefault(version, List.of()).stream()
        .map(DistFile::uploadTime).min(String::compareTo).orElse("");
  }
}

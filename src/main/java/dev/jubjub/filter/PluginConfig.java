package dev.jubjub.filter;

import dev.jubjub.config.ConfigException;
import dev.jubjub.config.IniFile;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.pypi.Requirement;
import dev.jubjub.pypi.RequirementsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns {@code [plugins] enabled} and the plugins' sections into {@link Filters}. */
final class PluginConfig {
  /** bandersnatch's plugin names that jubjub implements, in bandersnatch's order. */
  static final List<String> SUPPORTED = List.of(
      "blocklist_project", "allowlist_project", "regex_project", "project_requirements",
      "size_project_metadata", "regex_project_metadata", "versions_count_project_metadata",
      "blocklist_release", "allowlist_release", "prerelease_release", "regex_release",
      "latest_release", "project_requirements_pinned",
      "exclude_platform", "regex_release_file_metadata", "version_range_release_file_metadata");
  /** bandersnatch's plugins that jubjub does not implement yet: named in a warning. */
  static final Set<String> UNSUPPORTED = Set.of("version_range_project_metadata");

  private final IniFile ini;
  private final List<String> warnings;
  private final StringBuilder fingerprint = new StringBuilder();

  PluginConfig(IniFile ini, List<String> warnings) {
    this.ini = ini;
    this.warnings = warnings;
  }

  /**
   * Each filter option and the plugins that read it. An option no enabled plugin reads is a
   * mistake (a plugin left out of {@code enabled}, or named the pre-5.0 way) that would mirror what
   * the option was meant to keep out: with an [allowlist] nobody reads, all of PyPI.
   */
  private static final List<List<String>> READERS = List.of(
      List.of("allowlist", "packages", "allowlist_project", "allowlist_release"),
      List.of("allowlist", "requirements", "project_requirements", "project_requirements_pinned"),
      List.of("blocklist", "packages", "blocklist_project", "blocklist_release"),
      List.of("blocklist", "platforms", "exclude_platform"),
      List.of("filter_regex", "packages", "regex_project"),
      List.of("filter_regex", "releases", "regex_release"),
      List.of("filter_prerelease", "packages", "prerelease_release"),
      List.of("latest_release", "keep", "latest_release"));

  private void refuseUnreadOptions(Set<String> enabled) {
    for (List<String> r : READERS) {
      String section = r.get(0);
      String key = r.get(1);
      List<String> readers = r.subList(2, r.size());
      boolean set = ini.get(section, key).map(v -> !v.isBlank()).orElse(false);
      if (set && readers.stream().noneMatch(enabled::contains)) {
        throw new ConfigException(where(section, key) + "[" + section + "] " + key + " is set but no enabled plugin"
            + " reads it, so it would filter nothing: add " + String.join(" or ", readers) + " to [plugins] enabled,"
            + " or remove the option");
      }
    }
  }

  Filters build() {
    Set<String> enabled = enabled();
    refuseUnreadOptions(enabled);
    List<ProjectFilter> projects = new ArrayList<>();
    List<MetadataFilter> metadata = new ArrayList<>();
    List<ReleaseFilter> releases = new ArrayList<>();
    List<FileFilter> files = new ArrayList<>();
    for (String plugin : enabled) {
      fingerprint.append(plugin).append('\n');
      switch (plugin) {
        case "blocklist_project" -> projects.add(NameFilters.blocklist(names(requirements("blocklist", "packages"), false)));
        case "allowlist_project" -> projects.add(NameFilters.allowlist(names(requirements("allowlist", "packages"), true)));
        case "regex_project" -> projects.add(NameFilters.regex(patterns("filter_regex", "packages")));
        case "project_requirements" -> projects.add(NameFilters.allowlist(names(requirementFiles(), true)));
        case "size_project_metadata" -> metadata.add(SizeFilter.from(ini, fingerprint));
        case "versions_count_project_metadata" -> metadata.add(SizeFilter.versionsCount(ini, fingerprint));
        case "regex_project_metadata" -> {
          MetadataRules rules = MetadataRules.regex(ini, "regex_project_metadata", fingerprint);
          metadata.add(project -> rules.passes(project.json()));
        }
        case "regex_release_file_metadata" ->
            files.add(new FileMetadataFilter(MetadataRules.regex(ini, "regex_release_file_metadata", fingerprint)));
        case "version_range_release_file_metadata" -> files.add(new FileMetadataFilter(
            MetadataRules.versionRanges(ini, "version_range_release_file_metadata", fingerprint)));
        case "blocklist_release" -> releases.add(ReleaseFilters.blocklist(requirements("blocklist", "packages")));
        case "allowlist_release" -> releases.add(ReleaseFilters.allowlist(requirements("allowlist", "packages")));
        case "project_requirements_pinned" -> releases.add(ReleaseFilters.allowlist(requirementFiles()));
        case "prerelease_release" -> releases.add(ReleaseFilters.prerelease(projectList("filter_prerelease", "packages")));
        case "regex_release" -> releases.add(ReleaseFilters.regex(patterns("filter_regex", "releases")));
        case "latest_release" -> latest().ifPresent(releases::add);
        case "exclude_platform" -> files.add(PlatformFilter.of(list("blocklist", "platforms")));
        default -> throw new AssertionError(plugin);
      }
    }
    return new Filters(projects, metadata, releases, files, enabled.isEmpty() ? "" : Filters.digest(fingerprint.toString()),
        List.copyOf(enabled));
  }

  /** The names bandersnatch used before 5.0, which old configs still carry. */
  private static final java.util.Map<String, String> LEGACY = java.util.Map.of(
      "whitelist_project", "allowlist_project",
      "blacklist_project", "blocklist_project",
      "whitelist_release", "allowlist_release",
      "blacklist_release", "blocklist_release");

  /** {@code [plugins] enabled}: names one a line (or {@code all}); unknown names are warned about. */
  private Set<String> enabled() {
    Set<String> enabled = new LinkedHashSet<>();
    for (String name : ini.getList("plugins", "enabled")) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.equals("all")) {
        enabled.addAll(SUPPORTED);
      } else if (SUPPORTED.contains(n)) {
        enabled.add(n);
      } else if (UNSUPPORTED.contains(n)) {
        warnings.add(where("plugins", "enabled") + "filter plugin '" + n + "' is not supported by jubjub yet; ignored");
      } else {
        // Ignoring it would mirror what the filter was meant to keep out: with a misspelt
        // allowlist, all of PyPI.
        String legacy = LEGACY.get(n);
        throw new ConfigException(where("plugins", "enabled") + "unknown filter plugin '" + n + "'"
            + (legacy != null
                ? " (bandersnatch 5 renamed it: did you mean '" + legacy + "'? its section is now ["
                    + legacy.substring(0, legacy.indexOf('_')) + "])"
                : dev.jubjub.config.EditDistance.closest(n, SUPPORTED).map(c -> " (did you mean '" + c + "'?)").orElse("")));
      }
    }
    // bandersnatch's order: the allowlist/blocklist order does not change the result, but a stable
    // order keeps the fingerprint stable when only the order of lines changed.
    Set<String> ordered = new LinkedHashSet<>();
    for (String s : SUPPORTED) {
      if (enabled.contains(s)) {
        ordered.add(s);
      }
    }
    return ordered;
  }

  private String where(String section, String key) {
    return ini.entry(section, key).map(e -> e.location() + ": ").orElse("");
  }

  private List<String> list(String section, String key) {
    List<String> values = new ArrayList<>();
    for (String line : ini.getList(section, key)) {
      String v = stripComment(line);
      if (!v.isEmpty()) {
        values.add(v);
      }
    }
    fingerprint.append(section).append('.').append(key).append('=').append(values).append('\n');
    return values;
  }

  private static String stripComment(String line) {
    int hash = line.indexOf(" #");
    String v = line.startsWith("#") ? "" : hash >= 0 ? line.substring(0, hash) : line;
    return v.trim();
  }

  /** Each line a PEP 508 requirement ({@code name}, {@code name>=1.2,<2}); a bad line is an error naming it. */
  private List<Requirement> requirements(String section, String key) {
    List<Requirement> result = new ArrayList<>();
    for (String line : list(section, key)) {
      try {
        Requirement.parseLine(line).ifPresent(result::add);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(ini.entry(section, key).map(x -> x.location()).orElse(null),
            "[" + section + "] " + key + ": cannot parse '" + line + "': " + e.getMessage());
      }
    }
    return result;
  }

  private Set<String> names(List<Requirement> requirements, boolean withSpecifiers) {
    Set<String> names = new LinkedHashSet<>();
    for (Requirement r : requirements) {
      if (withSpecifiers || r.specifiers().isEmpty()) {
        names.add(r.name().normalized());
      }
    }
    return names;
  }

  private List<Requirement> requirementFiles() {
    Path base = ini.get("allowlist", "requirements_path").map(String::trim).map(Path::of).orElse(Path.of(""));
    List<Requirement> result = new ArrayList<>();
    for (String pattern : list("allowlist", "requirements")) {
      for (Path file : Globs.expand(base, pattern)) {
        try {
          RequirementsFile parsed = RequirementsFile.parse(file);
          parsed.warnings().forEach(warnings::add);
          result.addAll(parsed.requirements());
          fingerprint.append(file).append(parsed.requirements()).append('\n');
        } catch (RuntimeException e) {
          throw new ConfigException("[allowlist] requirements: " + e.getMessage());
        }
      }
    }
    return result;
  }

  private Set<String> projectList(String section, String key) {
    Set<String> names = new LinkedHashSet<>();
    for (String n : list(section, key)) {
      if (!ProjectName.isValid(n)) {
        throw new ConfigException(ini.entry(section, key).map(x -> x.location()).orElse(null),
            "[" + section + "] " + key + ": not a project name: '" + n + "'");
      }
      names.add(ProjectName.normalize(n));
    }
    return names;
  }

  private List<Pattern> patterns(String section, String key) {
    List<Pattern> patterns = new ArrayList<>();
    for (String p : list(section, key)) {
      try {
        patterns.add(Pattern.compile(p));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(ini.entry(section, key).map(x -> x.location()).orElse(null),
            "[" + section + "] " + key + ": invalid regular expression '" + p + "': " + e.getDescription());
      }
    }
    return patterns;
  }

  private Optional<ReleaseFilter> latest() {
    Optional<String> keep = ini.get("latest_release", "keep").map(String::trim);
    String sortBy = ini.get("latest_release", "sort_by").map(String::trim).orElse("version");
    fingerprint.append("latest=").append(keep.orElse("")).append(',').append(sortBy).append('\n');
    if (keep.isEmpty()) {
      return Optional.empty();
    }
    if (!keep.get().matches("\\d{1,6}")) {
      throw new ConfigException(ini.entry("latest_release", "keep").map(x -> x.location()).orElse(null),
          "[latest_release] keep: expected a number of releases, got '" + keep.get() + "'");
    }
    if (!sortBy.equals("version") && !sortBy.equals("time")) {
      throw new ConfigException(ini.entry("latest_release", "sort_by").map(x -> x.location()).orElse(null),
          "[latest_release] sort_by: expected 'version' or 'time', got '" + sortBy + "'");
    }
    int n = Integer.parseInt(keep.get());
    return n == 0 ? Optional.empty() : Optional.of(ReleaseFilters.latest(n, sortBy.equals("time")));
  }
}

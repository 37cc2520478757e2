package dev.jubjub.filter;

import dev.jubjub.config.ConfigException;
import dev.jubjub.config.IniFile;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.ProjectName;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code size_project_metadata} (and {@code versions_count_project_metadata}, below): projects whose files add up to more than {@code
 * [size_project_metadata] max_package_size} (bytes, or with K/M/G/T) are not mirrored, except
 * those listed in {@code [allowlist] packages}.
 */
final class SizeFilter {
  private static final Pattern SIZE = Pattern.compile("^(\\d+)\\s*([KMGT]?)I?B?$", Pattern.CASE_INSENSITIVE);

  private SizeFilter() {}

  static MetadataFilter from(IniFile ini, StringBuilder fingerprint) {
    String raw = ini.get("size_project_metadata", "max_package_size").map(String::trim).orElse("");
    fingerprint.append("max_package_size=").append(raw).append('\n');
    if (raw.isEmpty()) {
      return project -> true;
    }
    long max = parse(raw, ini);
    Set<String> exempt = exempt(ini);
    return project -> exempt.contains(project.name().normalized())
        || project.files().stream().mapToLong(DistFile::size).sum() <= max;
  }

  /**
   * {@code versions_count_project_metadata}: projects with fewer than {@code min_versions} or
   * more than {@code max_versions} releases (0 = no limit) are not mirrored, allowlisted ones
   * excepted.
   */
  static MetadataFilter versionsCount(IniFile ini, StringBuilder fingerprint) {
    int min = count(ini, "min_versions");
    int max = count(ini, "max_versions");
    fingerprint.append("versions=").append(min).append(',').append(max).append('\n');
    Set<String> exempt = exempt(ini);
    return project -> {
      int n = project.releases().size();
      return exempt.contains(project.name().normalized())
          || ((min == 0 || n >= min) && (max == 0 || n <= max));
    };
  }

  private static int count(IniFile ini, String key) {
    String raw = ini.get("versions_count_project_metadata", key).map(String::trim).orElse("0");
    if (!raw.matches("\\d{1,9}")) {
      throw new ConfigException(ini.entry("versions_count_project_metadata", key).map(e -> e.location()).orElse(null),
          "[versions_count_project_metadata] " + key + ": expected a number, got '" + raw + "'");
    }
    return Integer.parseInt(raw);
  }

  private static Set<String> exempt(IniFile ini) {
    return ini.getList("allowlist", "packages").stream()
        .map(l -> l.split("[^A-Za-z0-9._-]", 2)[0].trim())
        .filter(ProjectName::isValid)
        .map(ProjectName::normalize)
        .collect(Collectors.toSet());
  }

  static long parse(String raw, IniFile ini) {
    Matcher m = SIZE.matcher(raw);
    if (!m.matches()) {
      throw new ConfigException(ini.entry("size_project_metadata", "max_package_size").map(e -> e.location()).orElse(null),
          "[size_project_metadata] max_package_size: expected a size such as 500M or 2G, got '" + raw + "'");
    }
    int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
      case "K" -> 10;
      case "M" -> 20;
      case "G" -> 30;
      case "T" -> 40;
      default -> 0;
    };
    return Long.parseLong(m.group(1)) << shift;
  }
}

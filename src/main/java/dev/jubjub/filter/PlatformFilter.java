package dev.jubjub.filter;

import dev.jubjub.pypi.ExcludedPlatforms;
import java.util.List;

/**
 * {@code exclude_platform}: files for the platforms (windows, macos, freebsd, linux) and Python
 * versions listed in {@code [blocklist] platforms} are not mirrored.
 */
final class PlatformFilter {
  private PlatformFilter() {}

  static FileFilter of(List<String> keywords) {
    ExcludedPlatforms excluded = ExcludedPlatforms.of(keywords);
    return (project, file) -> !excluded.excludes(file.filename(), file.packageType());
  }
}

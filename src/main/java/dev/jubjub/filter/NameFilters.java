package dev.jubjub.filter;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Project filters on the normalized name: bandersnatch's blocklist, allowlist and regex plugins. */
final class NameFilters {
  private NameFilters() {}

  /** {@code blocklist_project}: the names listed without a version specifier are not mirrored. */
  static ProjectFilter blocklist(Set<String> names) {
    Set<String> blocked = Set.copyOf(names);
    return name -> !blocked.contains(name);
  }

  /**
   * {@code allowlist_project} and {@code project_requirements}: only the listed names are
   * mirrored. An empty list filters nothing, as in bandersnatch.
   */
  static ProjectFilter allowlist(Set<String> names) {
    Set<String> allowed = Set.copyOf(names);
    return name -> allowed.isEmpty() || allowed.contains(name);
  }

  /** {@code regex_project}: names matching any pattern (from their start, as Python's re.match) are not mirrored. */
  static ProjectFilter regex(List<Pattern> patterns) {
    return name -> patterns.stream().noneMatch(p -> p.matcher(name).lookingAt());
  }
}

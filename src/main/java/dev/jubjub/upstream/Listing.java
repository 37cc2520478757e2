package dev.jubjub.upstream;

import dev.jubjub.pypi.ProjectName;
import java.util.Collections;
import java.util.Map;

/**
 * Every project upstream has, keyed by normalized name, with the serial of its last change.
 *
 * @param serial the highest serial upstream reported (the listing's own, or the projects' max)
 */
public record Listing(long serial, Map<String, Entry> projects) {
  public Listing {
    // A view, not a copy: PyPI's listing has 880,000 entries, and the parser hands over its map.
    projects = Collections.unmodifiableMap(projects);
  }

  public record Entry(ProjectName name, long serial) {}
}

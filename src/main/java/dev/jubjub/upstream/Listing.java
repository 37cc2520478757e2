package dev.jubjub.upstream;

import dev.jubjub.pypi.ProjectName;
import java.util.Map;

/**
 * Every project upstream has, keyed by normalized name, with the serial of its last change.
 *
 * @param serial the highest serial upstream reported (the listing's own, or the projects' max)
 */
public record Listing(long serial, Map<String, Entry> projects) {
  public Listing {
    projects = Map.copyOf(projects);
  }

  public record Entry(ProjectName name, long serial) {}
}

package dev.jubjub.upstream;

import dev.jubjub.pypi.ProjectName;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The projects upstream lists that a run needs, keyed by normalized name, with the serial of their
 * last change.
 *
 * @param serial the highest serial upstream reported (the listing's own, or the max over every
 *     entry, kept or not)
 * @param projects the entries an {@link Interest} kept (every entry when it kept all)
 * @param listed how many valid entries upstream listed, kept or not
 */
public record Listing(long serial, Map<String, Entry> projects, long listed) {
  public Listing {
    // A view, not a copy: PyPI's listing has 880,000 entries, and the parser hands over its map.
    projects = Collections.unmodifiableMap(projects);
  }

  /** Every entry kept. */
  public Listing(long serial, Map<String, Entry> projects) {
    this(serial, projects, projects.size());
  }

  public record Entry(ProjectName name, long serial) {}

  /**
   * Which entries a run needs, by normalized name; the others are only counted. A mirror of 1,000
   * projects needs 1,000 of PyPI's 880,000 entries, and a map of all of them was most of its
   * planning time and garbage.
   */
  @FunctionalInterface
  public interface Interest {
    Interest ALL = name -> true;

    boolean keeps(String normalized);
  }

  /** This listing with only the entries {@code interest} keeps (for a listing parsed whole). */
  public Listing keeping(Interest interest) {
    Map<String, Entry> kept = new HashMap<>();
    projects.forEach((name, entry) -> {
      if (interest.keeps(name)) {
        kept.put(name, entry);
      }
    });
    return new Listing(serial, kept, listed);
  }
}

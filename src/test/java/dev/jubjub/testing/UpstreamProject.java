package dev.jubjub.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An immutable snapshot of one upstream project: display name, releases (oldest first), serial. */
public record UpstreamProject(String name, List<UpstreamRelease> releases, long lastSerial) {
  private static final Comparator<UpstreamRelease> BY_VERSION =
      Comparator.comparing(UpstreamRelease::version, Versions.ORDER);

  public UpstreamProject {
    Objects.requireNonNull(name);
    releases = releases.stream().sorted(BY_VERSION).toList();
  }

  public String normalizedName() {
    return Names.normalize(name);
  }

  public Optional<UpstreamRelease> release(String version) {
    return releases.stream()
        .filter(r -> r.version().equals(version))
        .findFirst()
        .or(() -> releases.stream().filter(r -> Versions.ORDER.compare(r.version(), version) == 0).findFirst());
  }

  /** All files, ordered by (version, filename) as PyPI's simple pages list them. */
  public List<UpstreamFile> files() {
    return releases.stream().flatMap(r -> r.files().stream()).toList();
  }

  public Optional<UpstreamFile> file(String filename) {
    return files().stream().filter(f -> f.filename().equals(filename)).findFirst();
  }

  /** Versions that have at least one file, as the PEP 691 {@code versions} key lists them. */
  public List<String> versionsWithFiles() {
    return releases.stream().filter(r -> !r.files().isEmpty()).map(UpstreamRelease::version).toList();
  }

  /**
   * The release whose {@code info} the JSON API shows: PyPI prefers not yanked, then final
   * releases, then the highest version.
   */
  public Optional<UpstreamRelease> latestRelease() {
    return releases.stream()
        .max(Comparator.comparing((UpstreamRelease r) -> !r.yanked())
            .thenComparing(r -> !r.prerelease())
            .thenComparing(BY_VERSION));
  }

  UpstreamProject withRelease(UpstreamRelease release, long serial) {
    List<UpstreamRelease> next = new ArrayList<>(releases);
    next.removeIf(r -> r.version().equals(release.version()));
    next.add(release);
    return new UpstreamProject(name, next, serial);
  }

  UpstreamProject withoutRelease(String version, long serial) {
    return new UpstreamProject(name, releases.stream().filter(r -> !r.version().equals(version)).toList(), serial);
  }
}

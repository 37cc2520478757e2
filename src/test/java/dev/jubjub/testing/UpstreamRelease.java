package dev.jubjub.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A release: its files (by file name) and the JSON API {@code info} PyPI shows for it. {@code
 * info} is never mutated after construction; renderers copy it.
 */
public record UpstreamRelease(
    String version, List<UpstreamFile> files, ObjectNode info, boolean yanked, String yankedReason) {

  public UpstreamRelease {
    Objects.requireNonNull(version);
    Objects.requireNonNull(info);
    files = files.stream().sorted(Comparator.comparing(UpstreamFile::filename)).toList();
  }

  public boolean prerelease() {
    return Versions.isPrerelease(version);
  }

  public Optional<UpstreamFile> file(String filename) {
    return files.stream().filter(f -> f.filename().equals(filename)).findFirst();
  }

  UpstreamRelease withFiles(List<UpstreamFile> newFiles) {
    return new UpstreamRelease(version, newFiles, info, yanked, yankedReason);
  }

  UpstreamRelease mapFiles(UnaryOperator<UpstreamFile> change) {
    return withFiles(files.stream().map(change).toList());
  }

  UpstreamRelease withYanked(boolean newYanked, String reason) {
    return new UpstreamRelease(version, files, info, newYanked, newYanked ? reason : null)
        .mapFiles(f -> f.withYanked(newYanked, reason));
  }
}

package dev.jubjub.sync;

import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Paths written or deleted in this run, for bandersnatch's {@code diff-file}. Kept only when a
 * diff-file is configured: on a full mirror of PyPI the list would hold millions of paths.
 */
final class DiffList {
  private final boolean enabled;
  private final Set<String> paths = new ConcurrentSkipListSet<>();

  DiffList(boolean enabled) {
    this.enabled = enabled;
  }

  void add(String path) {
    if (enabled) {
      paths.add(path);
    }
  }

  Set<String> paths() {
    return paths;
  }
}

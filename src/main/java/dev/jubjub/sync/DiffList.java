package dev.jubjub.sync;

import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/** Paths written or deleted in this run, for bandersnatch's {@code diff-file}. */
final class DiffList {
  private final Set<String> paths = new ConcurrentSkipListSet<>();

  void add(String path) {
    paths.add(path);
  }

  Set<String> paths() {
    return paths;
  }
}

package dev.jubjub.e2e;

import dev.jubjub.pypi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file of a tree with its sha256, to compare two mirrors byte for byte. */
final class TreeSnapshot {
  private TreeSnapshot() {}

  /** Relative path to sha256 of every regular file, except the lock and temp area. */
  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        if (Files.isRegularFile(p) && !rel.equals(".lock") && !rel.equals(".jubjub-changed") && !rel.equals(".jubjub-last-run.json") && !rel.startsWith(".jubjub-tmp")) {
          files.put(rel, sha256(p));
        }
      }
    }
    return files;
  }

  static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return Sha256.of(in);
    }
  }
}

package dev.jubjub.filter;

import dev.jubjub.config.ConfigException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Expands bandersnatch's {@code requirements} entries, which may be glob patterns below requirements_path. */
final class Globs {
  private Globs() {}

  static List<Path> expand(Path base, String pattern) {
    Path candidate = base.resolve(pattern);
    if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
      if (!Files.isRegularFile(candidate)) {
        throw new ConfigException("[allowlist] requirements: no such file: " + candidate);
      }
      return List.of(candidate);
    }
    Path dir = candidate.getParent() == null ? Path.of(".") : candidate.getParent();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, candidate.getFileName().toString())) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new ConfigException("[allowlist] requirements: cannot list " + dir + ": " + e.getMessage());
    }
    files.sort(null);
    return files;
  }
}

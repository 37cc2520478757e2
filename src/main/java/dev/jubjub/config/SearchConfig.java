package dev.jubjub.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [search]} section: {@code index-directory}, a local directory for the search index
 * (default {@code <directory>/.jubjub-search}, beside {@code web/} and never in it). A mirror on S3
 * has no local directory, so there the index is kept only where this key says.
 *
 * @param indexDirectory where the index lives; empty for an object-store mirror without the key
 */
public record SearchConfig(Optional<Path> indexDirectory) {
  private static final Set<String> KNOWN = Set.of("index-directory");
  /** The default index directory's name inside the mirror directory. */
  public static final String DEFAULT_DIRECTORY = ".jubjub-search";

  /** Reads {@code [search]}; an unknown key is a warning naming file and line. */
  public static SearchConfig from(MirrorConfig mirror, List<String> warnings) {
    IniFile ini = mirror.ini();
    for (String key : ini.keys("search")) {
      if (!KNOWN.contains(key.toLowerCase(Locale.ROOT))) {
        ini.entry("search", key).ifPresent(e -> warnings.add(e.location() + ": unknown option '" + key + "' in [search]"));
      }
    }
    Optional<Path> configured = ini.get("search", "index-directory").map(String::strip).filter(s -> !s.isEmpty())
        .map(Path::of);
    if (configured.isPresent()) {
      Path path = configured.get();
      String where = ini.entry("search", "index-directory").map(e -> e.location() + ": ").orElse("");
      if (!path.isAbsolute()) {
        // Relative to whatever directory the command ran in (/ under systemd): never what was meant.
        throw new ConfigException(where + "[search] index-directory must be an absolute path, not '" + path + "'");
      }
      boolean local = !mirror.storageBackend().strip().equalsIgnoreCase("s3");
      if (local && path.normalize().startsWith(mirror.directory().resolve("web").normalize())) {
        throw new ConfigException(where + "[search] index-directory " + path
            + " is inside web/, which the web server publishes: put it beside web/, not in it");
      }
      return new SearchConfig(configured);
    }
    boolean local = !mirror.storageBackend().strip().equalsIgnoreCase("s3");
    return new SearchConfig(local ? Optional.of(mirror.directory().resolve(DEFAULT_DIRECTORY)) : Optional.empty());
  }

  /** The index directory, or a config error saying how to set one. */
  public Path requireIndexDirectory() {
    return indexDirectory.orElseThrow(() -> new ConfigException(
        "[search] index-directory is required when the mirror is in object storage: a local directory for the"
            + " search index"));
  }
}

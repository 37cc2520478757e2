package dev.jubjub.store;

import dev.jubjub.config.ConfigException;
import dev.jubjub.config.MirrorConfig;
import dev.jubjub.config.S3Config;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;

/** Opens the mirror's storage as {@code storage-backend} says: {@code filesystem} or {@code s3}. */
public final class StorageFactory {
  private StorageFactory() {}

  /** The storage a writing command (mirror, sync, verify, delete) works on; created if new. */
  public static Storage open(MirrorConfig cfg, List<String> warnings) throws IOException {
    return switch (backend(cfg)) {
      case "s3" -> s3(cfg, S3Config.from(cfg, warnings));
      default -> {
        warnIfS3SectionUnused(cfg, warnings);
        yield new FileSystemStorage(cfg.directory(), cfg.storageFilesystemManagePermissions());
      }
    };
  }

  /**
   * The storage of an existing mirror, opened without creating anything (serve on a read-only
   * mount), or a {@link ConfigException} when {@code directory} holds no mirror: verify, delete
   * and serve there would only make an empty one, and report success.
   */
  public static Storage openExisting(MirrorConfig cfg, List<String> warnings) throws IOException {
    return openExisting(cfg, warnings, false);
  }

  /**
   * {@link #openExisting} for a server: a client waits for each answer, so a request to an object
   * store that keeps failing is given up sooner ({@link S3Config#forServing}) and the client gets
   * a 503 in seconds rather than minutes.
   */
  public static Storage openForServing(MirrorConfig cfg, List<String> warnings) throws IOException {
    return openExisting(cfg, warnings, true);
  }

  private static Storage openExisting(MirrorConfig cfg, List<String> warnings, boolean serving) throws IOException {
    Storage storage;
    if (backend(cfg).equals("s3")) {
      S3Config s3 = S3Config.from(cfg, warnings);
      storage = s3(cfg, serving ? s3.forServing() : s3);
    } else {
      warnIfS3SectionUnused(cfg, warnings);
      try {
        storage = FileSystemStorage.forReading(cfg.directory());
      } catch (NoSuchFileException e) {
        throw noMirror(cfg);
      }
    }
    if (storage.stat(MirrorLayout.STATUS).isEmpty() && storage.list(MirrorLayout.WEB).isEmpty()) {
      storage.close();
      throw noMirror(cfg);
    }
    return storage;
  }

  private static void warnIfS3SectionUnused(MirrorConfig cfg, List<String> warnings) {
    if (cfg.ini().hasSection("s3")) {
      warnings.add(cfg.ini().path() + ": [s3] is set but storage-backend is filesystem: the mirror is the local"
          + " directory " + cfg.directory() + " (set storage-backend = s3 to use the bucket)");
    }
  }

  private static ConfigException noMirror(MirrorConfig cfg) {
    return new ConfigException("directory = " + cfg.directory() + " holds no mirror yet (no status, no web/):"
        + " run `jubjub mirror` first, or check `directory` in the config");
  }

  private static String backend(MirrorConfig cfg) {
    String backend = cfg.storageBackend().strip().toLowerCase(Locale.ROOT);
    if (!backend.equals("filesystem") && !backend.equals("s3")) {
      throw new ConfigException("storage-backend = " + cfg.storageBackend() + " is not known: jubjub has"
          + " filesystem (the default) and s3");
    }
    return backend;
  }

  private static Storage s3(MirrorConfig cfg, S3Config s3) {
    S3Storage storage = new S3Storage(s3);
    if (cfg.diffFile().isPresent() && storage.treePath(cfg.diffFile().get()).isEmpty()) {
      storage.close();
      // As bandersnatch's S3 plugin, the diff file is an object: one outside the tree would be
      // another bucket's, or a local file that only looks like an S3 path.
      throw new ConfigException("diff-file = " + cfg.diffFile().get() + ": with storage-backend = s3 the diff"
          + " file is an object of the mirror and must be under directory = " + cfg.directory()
          + " (for example " + cfg.directory() + "/mirrored-files)");
    }
    return storage;
  }
}

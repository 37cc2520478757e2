package dev.jubjub.store;

import dev.jubjub.config.ConfigException;
import dev.jubjub.config.MirrorConfig;
import dev.jubjub.config.S3Config;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Opens the mirror's storage as {@code storage-backend} says: {@code filesystem} or {@code s3}. */
public final class StorageFactory {
  private StorageFactory() {}

  /** The storage a writing command (mirror, sync) works on; created if new. */
  public static Storage open(MirrorConfig cfg, List<String> warnings) throws IOException {
    return open(cfg, warnings, false);
  }

  /**
   * @param existing refuse, with a {@link ConfigException} and before anything is created, a
   *     {@code directory} that holds no mirror: verify and delete there would only make an empty
   *     one, and report success
   */
  public static Storage open(MirrorConfig cfg, List<String> warnings, boolean existing) throws IOException {
    if (backend(cfg).equals("s3")) {
      Storage storage = s3(cfg, S3Config.from(cfg, warnings));
      return existing ? holdingMirror(cfg, storage) : storage;
    }
    warnIfS3SectionUnused(cfg, warnings);
    if (existing) {
      holdingMirror(cfg, FileSystemStorage.forReading(cfg.directory())).close(); // looked at without creating the directory
    }
    return new FileSystemStorage(cfg.directory(), cfg.storageFilesystemManagePermissions());
  }

  /**
   * The storage of a mirror for a server, opened without creating anything (serve on a read-only
   * mount). Not refused when it holds no mirror yet: a server set up before the first sync answers
   * 503 until that sync has made the tree. A client waits for each answer, so a request to an
   * object store that keeps failing is given up sooner ({@link S3Config#forServing}) and the client
   * gets a 503 in seconds rather than minutes.
   */
  public static Storage openForServing(MirrorConfig cfg, List<String> warnings) throws IOException {
    if (backend(cfg).equals("s3")) {
      return s3(cfg, S3Config.from(cfg, warnings).forServing());
    }
    warnIfS3SectionUnused(cfg, warnings);
    return FileSystemStorage.forReading(cfg.directory());
  }

  /** {@code storage}, if it holds a mirror (a {@code status} or anything in {@code web/}); else closed, and refused. */
  private static Storage holdingMirror(MirrorConfig cfg, Storage storage) throws IOException {
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

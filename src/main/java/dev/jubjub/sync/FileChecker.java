package dev.jubjub.sync;

import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.Sha256;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Decides whether a stored file already holds the right bytes (bandersnatch's compare-method):
 * {@code hash} re-hashes it, {@code stat} trusts size plus modification time, which the mirror
 * sets to the upload time with each verified download. Where the storage recorded the verified
 * sha256 with the file (an object store), that record answers both without reading the file: a
 * HEAD instead of a download.
 */
final class FileChecker {
  private final Storage storage;
  private final SyncOptions.CompareMethod method;

  FileChecker(Storage storage, SyncOptions.CompareMethod method) {
    this.storage = storage;
    this.method = method;
  }

  boolean isCurrent(String path, DistFile file) throws IOException {
    Optional<Storage.FileInfo> info = storage.stat(path);
    if (info.isEmpty() || info.get().size() != file.size()) {
      return false;
    }
    if (info.get().sha256() != null && method != SyncOptions.CompareMethod.READ) {
      return info.get().sha256().equals(file.sha256());
    }
    if (method == SyncOptions.CompareMethod.STAT) {
      Optional<Instant> uploaded = uploadTime(file);
      if (uploaded.isPresent() && uploaded.get().equals(info.get().lastModified())) {
        return true;
      }
    }
    return sha256(path).equals(file.sha256());
  }

  boolean hashMatches(String path, String sha256) throws IOException {
    Optional<Storage.FileInfo> info = storage.stat(path);
    if (info.isEmpty()) {
      return false;
    }
    return info.get().sha256() != null && method != SyncOptions.CompareMethod.READ
        ? info.get().sha256().equals(sha256) : sha256(path).equals(sha256);
  }

  /** What a verified download of {@code file} is stored with: its upload time and sha256. */
  static Storage.Attributes attributes(DistFile file) {
    return new Storage.Attributes(uploadTime(file).orElse(null), file.sha256());
  }

  private static Optional<Instant> uploadTime(DistFile file) {
    try {
      return Optional.of(Instant.parse(file.uploadTime()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  String sha256(String path) throws IOException {
    try (InputStream in = storage.open(path)) {
      return Sha256.of(in);
    }
  }
}

package dev.jubjub.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The mirror tree. Paths are relative, '/'-separated and checked by {@link StoragePath}; nothing
 * can be read or written outside the tree. Every write is atomic: a reader sees the old content
 * or the new, never a part. Sync, verify and serve all reach the mirror through this seam; {@link
 * StorageFactory} picks the backend ({@code storage-backend}).
 */
public interface Storage extends java.io.Closeable {

  /** Size, modification time and recorded sha256, or empty when there is no such file. */
  Optional<FileInfo> stat(String path) throws IOException;

  InputStream open(String path) throws IOException;

  /**
   * {@code length} bytes from {@code offset} (fewer at the end of the file), for range requests.
   *
   * @throws java.nio.file.NoSuchFileException when there is no such file
   */
  InputStream open(String path, long offset, long length) throws IOException;

  default byte[] readAllBytes(String path) throws IOException {
    try (InputStream in = open(path)) {
      return in.readAllBytes();
    }
  }

  /**
   * The file's bytes, or empty when there is no such file: one read, no stat before it (on an
   * object store each question is a request).
   */
  default Optional<byte[]> readIfExists(String path) throws IOException {
    try {
      return Optional.of(readAllBytes(path));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Replaces {@code path} with {@code data} atomically. */
  default void write(String path, byte[] data) throws IOException {
    try (PendingFile pending = create(path)) {
      pending.stream().write(data);
      pending.commit();
    }
  }

  /** Starts an atomic write; the content becomes visible at {@code path} only on commit. */
  default PendingFile create(String path) throws IOException {
    return create(path, Attributes.NONE);
  }

  /**
   * Starts an atomic write that carries {@code attributes} from the moment it is visible: a file
   * system sets the modification time before the rename, an object store sends both as metadata of
   * the one PUT (an object's time cannot be changed afterwards).
   */
  PendingFile create(String path, Attributes attributes) throws IOException;

  /**
   * Makes every write committed so far durable (survives a power loss). Writes are atomic but not
   * durable one by one: callers put this barrier before a write that must not outlive the writes
   * it depends on (a page after the files it links, {@code status} after the pages).
   */
  void sync() throws IOException;

  /** Deletes a file; returns false when there was none. Empty parent directories may go too. */
  boolean delete(String path) throws IOException;

  /** Names of the direct children of a directory (files and directories), sorted; empty if none. */
  List<Entry> list(String directory) throws IOException;

  /**
   * Visits every file below {@code directory} with its size, in no set order: for totals over a
   * tree of millions of files. This default lists directory by directory and asks each file's size;
   * the backends walk the tree once (a file system) or read one flat listing, a thousand objects a
   * request (an object store).
   */
  default void forEachFile(String directory, java.util.function.ObjLongConsumer<String> visitor) throws IOException {
    for (Entry entry : list(directory)) {
      String path = directory + "/" + entry.name();
      if (entry.directory()) {
        forEachFile(path, visitor);
      } else {
        Optional<FileInfo> info = stat(path);
        if (info.isPresent()) {
          visitor.accept(path, info.get().size());
        }
      }
    }
  }

  /**
   * Takes the exclusive mirror lock, which is released when the returned handle is closed or the
   * process dies.
   *
   * @throws LockHeldException when another process holds it
   */
  Lock lock() throws IOException, LockHeldException;

  /** A held mirror lock. */
  interface Lock extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** Releases what the backend holds (an object store's connections); a file system holds nothing. */
  @Override
  default void close() throws IOException {}

  /** Where this storage is, for messages. */
  String describe(String path);

  /**
   * The root directory when the tree is a local directory: serve then hands files to the kernel
   * (zero copy) and nginx can serve the same tree.
   */
  default Optional<Path> localRoot() {
    return Optional.empty();
  }

  /**
   * The tree path an absolute path of the config names, where the config names places in the tree
   * that way: an object store's {@code /bucket/prefix/x} is {@code x}. Empty for a local tree,
   * whose config paths are plain local paths, and for a path outside the tree.
   */
  default Optional<String> treePath(Path configured) {
    return Optional.empty();
  }

  /**
   * A URL that lets a client fetch {@code path} directly from the backend until {@code ttl}
   * passes (a presigned GET on an object store); empty where there is none.
   */
  default Optional<java.net.URI> presign(String path, java.time.Duration ttl) throws IOException {
    return Optional.empty();
  }

  /**
   * @param lastModified the stamped modification time (the upload time of a package file), else
   *     when it was written
   * @param sha256 the hex sha256 recorded with the file when it was written, or null where the
   *     backend keeps none (a file system): then only reading the file tells
   */
  record FileInfo(long size, Instant lastModified, String sha256) {
    public FileInfo(long size, Instant lastModified) {
      this(size, lastModified, null);
    }
  }

  /**
   * What a write records with the content.
   *
   * @param lastModified the modification time to give the file, or null for now
   * @param sha256 the content's hex sha256, already verified by the caller before commit, or null
   */
  record Attributes(Instant lastModified, String sha256) {
    public static final Attributes NONE = new Attributes(null, null);
  }

  record Entry(String name, boolean directory) {}

  /** An atomic write in progress. Closing without {@link #commit()} discards it. */
  interface PendingFile extends AutoCloseable {
    OutputStream stream();

    void commit() throws IOException;

    @Override
    void close() throws IOException;
  }
}

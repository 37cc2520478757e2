package dev.jubjub.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The mirror tree. Paths are relative, '/'-separated and checked by {@link StoragePath}; nothing
 * can be read or written outside the tree. Every write is atomic: a reader sees the old content
 * or the new, never a part.
 */
public interface Storage {

  /** Size and modification time, or empty when there is no such file. */
  Optional<FileInfo> stat(String path) throws IOException;

  InputStream open(String path) throws IOException;

  default byte[] readAllBytes(String path) throws IOException {
    try (InputStream in = open(path)) {
      return in.readAllBytes();
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
  PendingFile create(String path) throws IOException;

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

  void setLastModified(String path, Instant time) throws IOException;

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

  /** Where this storage is, for messages. */
  String describe(String path);

  record FileInfo(long size, Instant lastModified) {}

  record Entry(String name, boolean directory) {}

  /** An atomic write in progress. Closing without {@link #commit()} discards it. */
  interface PendingFile extends AutoCloseable {
    OutputStream stream();

    void commit() throws IOException;

    @Override
    void close() throws IOException;
  }
}

package dev.jubjub.sync;

import dev.jubjub.store.LockHeldException;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The mirror's disk, failing the {@code nth} write (or deletion) of a matching path and every one
 * after with a {@link StorageException}: a run stopped at an exact point, as a kill stops it.
 */
final class StoppingStorage implements Storage {
  private final Storage disk;
  private final Predicate<String> matches;
  private final AtomicInteger left;
  private final boolean deletions;

  StoppingStorage(Storage disk, Predicate<String> matches, int nth, boolean deletions) {
    this.disk = disk;
    this.matches = matches;
    this.left = new AtomicInteger(nth);
    this.deletions = deletions;
  }

  private void maybeStop(String path, boolean deletion) {
    if (deletion == deletions && matches.test(path) && left.decrementAndGet() <= 0) {
      throw new StorageException(describe(path), new IOException("stopped here by the test"));
    }
  }

  @Override
  public PendingFile create(String path, Attributes attributes) throws IOException {
    maybeStop(path, false);
    return disk.create(path, attributes);
  }

  @Override
  public boolean delete(String path) throws IOException {
    if (disk.stat(path).isPresent()) {
      maybeStop(path, true);
    }
    return disk.delete(path);
  }

  @Override
  public Optional<FileInfo> stat(String path) throws IOException {
    return disk.stat(path);
  }

  @Override
  public InputStream open(String path) throws IOException {
    return disk.open(path);
  }

  @Override
  public void sync() throws IOException {
    disk.sync();
  }

  @Override
  public List<Entry> list(String directory) throws IOException {
    return disk.list(directory);
  }

  @Override
  public InputStream open(String path, long offset, long length) throws IOException {
    return disk.open(path, offset, length);
  }

  @Override
  public Lock lock() throws IOException, LockHeldException {
    return disk.lock();
  }

  @Override
  public String describe(String path) {
    return disk.describe(path);
  }
}

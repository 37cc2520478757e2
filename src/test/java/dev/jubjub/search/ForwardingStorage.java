package dev.jubjub.search;

import dev.jubjub.store.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** A storage that passes every call on; tests override what they change. */
class ForwardingStorage implements Storage {
  private final Storage inner;

  ForwardingStorage(Storage inner) {
    this.inner = inner;
  }

  @Override
  public Optional<FileInfo> stat(String path) throws IOException {
    return inner.stat(path);
  }

  @Override
  public InputStream open(String path) throws IOException {
    return inner.open(path);
  }

  @Override
  public InputStream open(String path, long offset, long length) throws IOException {
    return inner.open(path, offset, length);
  }

  @Override
  public Optional<byte[]> readIfExists(String path) throws IOException {
    return inner.readIfExists(path);
  }

  @Override
  public PendingFile create(String path, Attributes attributes) throws IOException {
    return inner.create(path, attributes);
  }

  @Override
  public void sync() throws IOException {
    inner.sync();
  }

  @Override
  public boolean delete(String path) throws IOException {
    return inner.delete(path);
  }

  @Override
  public List<Entry> list(String directory) throws IOException {
    return inner.list(directory);
  }

  @Override
  public Lock lock() throws IOException, dev.jubjub.store.LockHeldException {
    return inner.lock();
  }

  @Override
  public String describe(String path) {
    return inner.describe(path);
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}

package dev.jubjub.sync;

import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageException;
import dev.jubjub.upstream.DownloadSink;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A download's way into the mirror: each attempt is an atomic write of {@code path}, published on
 * commit. The storage's failures become {@link StorageException}s, which stop the run instead of
 * being retried as upstream's.
 */
final class StorageSink implements DownloadSink {
  private final Storage storage;
  private final String path;
  private final Storage.Attributes attributes;

  StorageSink(Storage storage, String path, Storage.Attributes attributes) {
    this.storage = storage;
    this.path = path;
    this.attributes = attributes;
  }

  @Override
  public Write begin() {
    Storage.PendingFile pending = local(() -> storage.create(path, attributes));
    OutputStream out = new FilterOutputStream(pending.stream()) {
      @Override
      public void write(byte[] b, int off, int len) {
        local(() -> {
          this.out.write(b, off, len);
          return null;
        });
      }
    };
    return new Write() {
      @Override
      public OutputStream stream() {
        return out;
      }

      @Override
      public void commit() {
        local(() -> {
          pending.commit();
          return null;
        });
      }

      @Override
      public void close() {
        local(() -> {
          pending.close();
          return null;
        });
      }
    };
  }

  private interface LocalWrite<T> {
    T run() throws IOException;
  }

  private <T> T local(LocalWrite<T> write) {
    try {
      return write.run();
    } catch (IOException e) {
      throw new StorageException(storage.describe(path), e);
    }
  }
}

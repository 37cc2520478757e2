package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.store.LockHeldException;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LateDeletesTest {
  /** An object store's view (no local root) that records what happened when. */
  private static final class Recording implements Storage {
    final List<String> events = new ArrayList<>();
    final List<Long> times = new ArrayList<>();

    private synchronized void note(String event) {
      events.add(event);
      times.add(System.nanoTime());
    }

    @Override public Optional<FileInfo> stat(String path) { return Optional.of(new FileInfo(1, java.time.Instant.EPOCH)); }
    @Override public InputStream open(String path) { return InputStream.nullInputStream(); }
    @Override public InputStream open(String path, long offset, long length) { return InputStream.nullInputStream(); }
    @Override public void sync() {}
    @Override public List<Entry> list(String directory) { return List.of(); }
    @Override public Lock lock() throws LockHeldException { throw new LockHeldException("test"); }
    @Override public String describe(String path) { return "s3://b/" + path; }

    @Override
    public boolean delete(String path) {
      note("delete " + path);
      return true;
    }

    @Override
    public PendingFile create(String path, Attributes attributes) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      return new PendingFile() {
        @Override public OutputStream stream() { return out; }
        @Override public void commit() { note("write " + path); }
        @Override public void close() {}
      };
    }
  }

  private static PageWriter writer(Storage storage) {
    return new PageWriter(storage, SyncOptions.defaults(), new MirrorLayout(false), new DiffList(false), new SyncStats());
  }

  @Test
  void onAnObjectStoreFilesGoOnlyAfterTheMarkHadTimeToReachEveryNode() throws Exception {
    Recording store = new Recording();
    LateDeletes late = new LateDeletes(store);
    PageWriter writer = writer(store);
    late.delete(writer, "web/packages/aa/bb/old-1.0.tar.gz");
    late.delete(writer, "web/json/old");
    assertThat(store.events).as("nothing deleted before the flush").isEmpty();
    late.flush();
    assertThat(store.events).containsExactly("write " + MirrorLayout.CHANGED,
        "delete web/packages/aa/bb/old-1.0.tar.gz", "delete web/json/old");
    assertThat(store.times.get(1) - store.times.get(0)).isGreaterThanOrEqualTo(LateDeletes.SETTLE_MILLIS * 1_000_000);
    late.flush();
    assertThat(store.events).as("an empty flush writes no mark").hasSize(3);
  }

  @Test
  void onALocalTreeFilesGoAtOnce(@TempDir Path dir) throws IOException {
    dev.jubjub.store.FileSystemStorage disk = new dev.jubjub.store.FileSystemStorage(dir);
    disk.write("web/packages/aa/old.tar.gz", new byte[] {1});
    LateDeletes late = new LateDeletes(disk);
    late.delete(writer(disk), "web/packages/aa/old.tar.gz");
    assertThat(disk.stat("web/packages/aa/old.tar.gz")).isEmpty();
    assertThat(disk.stat(MirrorLayout.CHANGED)).isEmpty();
  }
}

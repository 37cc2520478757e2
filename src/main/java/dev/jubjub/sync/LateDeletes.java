package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletions of files that pages linked until this run rewrote or removed those pages. On a local
 * tree they happen at once: serving nodes look at each page on disk every second. Nodes over an
 * object store keep pages until the change mark ({@link MirrorLayout#CHANGED}) changes, so there
 * the files wait: at {@link #flush} the mark is rewritten, and the files go only once every node
 * has had the time to read it and drop the old pages, so that no node serves a page linking a file
 * that is gone. A run killed before then leaves the files unlinked (verify --delete finds them).
 */
final class LateDeletes {
  /** A node reads the mark every second; the rest is for the request that read it just before. */
  static final long SETTLE_MILLIS = 2_000;
  private final Storage storage;
  private final boolean late;
  private final List<Pending> pending = new ArrayList<>();

  private record Pending(PageWriter writer, String path) {}

  LateDeletes(Storage storage) {
    this.storage = storage;
    this.late = storage.localRoot().isEmpty();
  }

  void delete(PageWriter writer, String path) throws IOException {
    if (!late) {
      writer.delete(path);
      return;
    }
    synchronized (this) {
      pending.add(new Pending(writer, path));
    }
  }

  /** Lets the nodes drop their old pages, then deletes what waited, in the order it came. */
  void flush() throws IOException {
    List<Pending> due;
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      due = new ArrayList<>(pending);
      pending.clear();
    }
    MirrorLayout.markChanged(storage);
    try {
      Thread.sleep(SETTLE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted before deleting " + due.size() + " unlinked files");
    }
    for (Pending p : due) {
      p.writer().delete(p.path());
    }
  }
}

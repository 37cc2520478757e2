package dev.jubjub.serve;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simple pages and JSON copies held in memory, keyed by storage path. How a cached answer is
 * known to be current depends on where the tree is ({@link Source}): on a local disk one stat per
 * file at most every second (a sync's atomic rename is seen within a second, and bandersnatch may
 * write the same tree); on an object store, where every question is a request, one read of the
 * mirror's change mark a second for all pages. Bounded by total bytes; when full it starts over,
 * which keeps it simple and is rare: a page is a few KB.
 */
final class PageCache {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PageCache.class);
  static final long RECHECK_NANOS = 1_000_000_000L;
  private final long maxBytes;
  private final Source source;
  private final ConcurrentHashMap<String, Pages.Document> pages = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Check> checks = new ConcurrentHashMap<>();
  /** About 30 MB of remembered checks: requests for made-up names cannot grow it further. */
  private static final int MAX_CHECKS = 100_000;
  private final AtomicLong bytes = new AtomicLong();

  PageCache(long maxBytes, Source source) {
    this.maxBytes = maxBytes;
    this.source = source;
  }

  /** Where pages come from, and how long an answer stays good. */
  interface Source {
    /** Size and time of a servable file, or null when there is none. */
    Storage.FileInfo stat(String path) throws IOException;

    /** @throws NoSuchFileException when it went since {@link #stat} */
    byte[] read(String path) throws IOException;

    /** The stamp an answer checked now carries. */
    long stamp();

    /** Whether an answer stamped {@code stamp} may be given without asking the source again. */
    boolean fresh(long stamp);
  }

  /**
   * Whether a servable file exists, without reading it: content negotiation asks this of every
   * representation, then reads only the one it sends.
   */
  boolean exists(String path) throws IOException {
    Pages.Document cached = pages.get(path);
    if (cached != null && source.fresh(cached.checkedNanos())) {
      return true;
    }
    Check check = checks.get(path);
    if (check != null && source.fresh(check.stamp())) {
      return check.exists();
    }
    long stamp = source.stamp();
    boolean exists = source.stat(path) != null;
    if (checks.size() > MAX_CHECKS) {
      checks.clear();
    }
    checks.put(path, new Check(exists, stamp));
    return exists;
  }

  /** Asks the source itself, past any remembered answer. */
  boolean existsNow(String path) throws IOException {
    return source.stat(path) != null;
  }

  /** A remembered existence check, for representations that are looked at but not sent. */
  private record Check(boolean exists, long stamp) {}

  /** The current content of a servable file, or null when there is none. */
  Pages.Document get(String path) throws IOException {
    Pages.Document cached = pages.get(path);
    if (cached != null && source.fresh(cached.checkedNanos())) {
      return cached;
    }
    long stamp = source.stamp();
    Storage.FileInfo info = source.stat(path);
    if (info == null) {
      pages.remove(path);
      return null;
    }
    long modified = info.lastModified().toEpochMilli();
    if (cached != null && cached.lastModified() == modified && cached.body().length == info.size()) {
      cached.checkedNanos(stamp);
      return cached;
    }
    Pages.Document fresh;
    try {
      fresh = new Pages.Document(source.read(path), modified);
    } catch (NoSuchFileException e) {
      pages.remove(path); // removed since stat: a project being removed
      return null;
    }
    fresh.checkedNanos(stamp);
    if (fresh.body().length <= maxBytes / 4) {
      if (bytes.addAndGet(fresh.body().length) > maxBytes) {
        pages.clear();
        bytes.set(fresh.body().length);
      }
      pages.put(path, fresh);
    }
    return fresh;
  }

  /**
   * A tree on a local disk: a file is servable if it is a regular file whose real path stays
   * inside {@code web/}; bandersnatch's keep_index_versions symlinks (index.html to versions/…) are
   * followed, links out of the tree are not.
   */
  static Source local(Path root) throws IOException {
    Path realRoot = root.toRealPath();
    Path webReal = realRoot.resolve(MirrorLayout.WEB).toRealPath();
    return new Source() {
      @Override
      public Storage.FileInfo stat(String path) throws IOException {
        try {
          Path real = realRoot.resolve(path).toRealPath();
          if (!real.startsWith(webReal)) {
            return null;
          }
          BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          return a.isRegularFile() ? new Storage.FileInfo(a.size(), a.lastModifiedTime().toInstant()) : null;
        } catch (NoSuchFileException e) {
          return null;
        }
      }

      @Override
      public byte[] read(String path) throws IOException {
        return Files.readAllBytes(realRoot.resolve(path));
      }

      @Override
      public long stamp() {
        return System.nanoTime();
      }

      @Override
      public boolean fresh(long stamp) {
        return System.nanoTime() - stamp < RECHECK_NANOS;
      }
    };
  }

  /**
   * A tree in an object store, shared by several serving nodes: every answer stays good until the
   * mirror's change mark ({@link MirrorLayout#CHANGED}, rewritten by each run) changes, which is
   * read at most once a second. A node thus makes about one request a second of its own, however
   * many pages it serves, and sees a run's pages within a second of the run's end.
   */
  static Source marked(Storage storage) {
    return new Source() {
      private volatile long generation;
      private volatile long readAt = System.nanoTime() - RECHECK_NANOS;
      private volatile String mark = "";
      private final java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean();

      @Override
      public Storage.FileInfo stat(String path) throws IOException {
        return storage.stat(path).orElse(null);
      }

      @Override
      public byte[] read(String path) throws IOException {
        try (var in = storage.open(path)) {
          return in.readAllBytes();
        }
      }

      @Override
      public long stamp() {
        long now = System.nanoTime();
        // One request reads the mark; the others go on with what is known meanwhile, so a store
        // that hangs holds up that one request, not the node.
        if (now - readAt >= RECHECK_NANOS && reading.compareAndSet(false, true)) {
          try {
            String current = new String(read(MirrorLayout.CHANGED), StandardCharsets.US_ASCII);
            if (!current.equals(mark)) {
              mark = current;
              generation++;
            }
          } catch (NoSuchFileException e) {
            if (!mark.isEmpty()) {
              mark = "";
              generation++;
            }
          } catch (IOException e) {
            // Cached pages stay good while the store cannot say otherwise; asked again in a second.
            log.warn("cannot read the change mark {}: {}", storage.describe(MirrorLayout.CHANGED), e.getMessage());
          } finally {
            readAt = System.nanoTime();
            reading.set(false);
          }
        }
        return generation;
      }

      @Override
      public boolean fresh(long stamp) {
        return stamp() == stamp;
      }
    };
  }
}

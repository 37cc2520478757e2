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

    /**
     * {@link #fresh} without any I/O, for a thread that must not block: false where only the
     * source could tell.
     */
    boolean freshInMemory(long stamp);

    /**
     * Whether the same size and time mean the same bytes: on a local disk (nanosecond times, a
     * rename per write); not on an object store, whose times have one-second steps.
     */
    default boolean sameSizeAndTimeMeanSameBytes() {
      return true;
    }
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

  /**
   * {@link #exists} from memory alone, for the selector thread: null when the answer would need
   * the source.
   */
  Boolean existsInMemory(String path) {
    Pages.Document cached = pages.get(path);
    if (cached != null && source.freshInMemory(cached.checkedNanos())) {
      return Boolean.TRUE;
    }
    Check check = checks.get(path);
    return check != null && source.freshInMemory(check.stamp()) ? check.exists() : null;
  }

  /** {@link #get} from memory alone: null when the answer would need the source. */
  Pages.Document getInMemory(String path) {
    Pages.Document cached = pages.get(path);
    return cached != null && source.freshInMemory(cached.checkedNanos()) ? cached : null;
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
    if (cached != null && source.sameSizeAndTimeMeanSameBytes() && cached.lastModified() == modified
        && cached.body().length == info.size()) {
      cached.checkedNanos(stamp);
      return cached;
    }
    Pages.Document fresh;
    try {
      fresh = new Pages.Document(source.read(path), modified, isSimplePage(path), bytes::addAndGet);
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

  /** A simple page (index.html, index.v1_json): what pip reads most, and always asks gzipped. */
  private static boolean isSimplePage(String path) {
    return path.endsWith("/index.html") || path.endsWith("/index.v1_json");
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

      @Override
      public boolean freshInMemory(long stamp) {
        return fresh(stamp);
      }
    };
  }

  /**
   * A tree in an object store, shared by several serving nodes: an answer stays good while the
   * mirror's change mark ({@link MirrorLayout#CHANGED}, rewritten by each run) is unchanged, and a
   * request uses it only if a read of the mark that began less than a second before the request
   * confirmed it; otherwise the request reads the mark (one read at a time; requests that arrive
   * meanwhile wait for it). So a page a node serves was current less than a second before the
   * request, however slow the store or idle the node, and a run that waits two seconds after
   * rewriting the mark before deleting files ({@code LateDeletes}) deletes none a node still
   * links. A node makes about one request a second of its own. When the mark cannot be read (the
   * store down), cached answers stay good and the mark is asked for again a second later, rather
   * than by every request.
   */
  static Source marked(Storage storage) {
    return new Source() {
      private final Object reading = new Object();
      private volatile long generation;
      /** When the last read of the mark that succeeded began; long ago at first. */
      private volatile long confirmedFrom = System.nanoTime() - 10 * RECHECK_NANOS;
      private volatile long failedAt = System.nanoTime() - 10 * RECHECK_NANOS;
      private volatile String mark = "";

      @Override
      public Storage.FileInfo stat(String path) throws IOException {
        return storage.stat(path).orElse(null);
      }

      @Override
      public byte[] read(String path) throws IOException {
        return storage.readAllBytes(path);
      }

      @Override
      public long stamp() {
        long asked = System.nanoTime();
        if (asked - confirmedFrom < RECHECK_NANOS || asked - failedAt < RECHECK_NANOS) {
          return generation;
        }
        synchronized (reading) {
          if (confirmedFrom > asked - RECHECK_NANOS || System.nanoTime() - failedAt < RECHECK_NANOS) {
            return generation; // a read that began within the window finished while this one waited
          }
          long began = System.nanoTime();
          String current;
          try {
            // Empty before any run has finished.
            current = storage.readIfExists(MirrorLayout.CHANGED).map(b -> new String(b, StandardCharsets.US_ASCII))
                .orElse("");
          } catch (IOException e) {
            failedAt = System.nanoTime();
            log.warn("cannot read the change mark {}: {}", storage.describe(MirrorLayout.CHANGED), e.getMessage());
            return generation;
          }
          if (!current.equals(mark)) {
            mark = current;
            generation++;
          }
          confirmedFrom = began;
          return generation;
        }
      }

      @Override
      public boolean sameSizeAndTimeMeanSameBytes() {
        return false;
      }

      @Override
      public boolean fresh(long stamp) {
        return stamp() == stamp;
      }

      @Override
      public boolean freshInMemory(long stamp) {
        long asked = System.nanoTime();
        return (asked - confirmedFrom < RECHECK_NANOS || asked - failedAt < RECHECK_NANOS) && generation == stamp;
      }
    };
  }
}

package dev.jubjub.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simple pages and JSON copies held in memory, checked against the file's size and modification
 * time (one stat) at most every {@link #RECHECK_NANOS}: a sync's atomic rename is seen within a
 * second (pages are sent with max-age=60 anyway), and repeated requests skip the open and read. Bounded by total bytes; when full it starts over, which keeps
 * it simple and is rare: a page is a few KB.
 */
final class PageCache {
  static final long RECHECK_NANOS = 1_000_000_000L;
  private final long maxBytes;
  private final Path webReal;
  private final ConcurrentHashMap<Path, Pages.Document> pages = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Path, Check> checks = new ConcurrentHashMap<>();
  /** About 30 MB of remembered checks: requests for made-up names cannot grow it further. */
  private static final int MAX_CHECKS = 100_000;
  private final AtomicLong bytes = new AtomicLong();

  PageCache(long maxBytes, Path webReal) {
    this.maxBytes = maxBytes;
    this.webReal = webReal;
  }

  /**
   * Whether a servable file exists, without reading it: content negotiation asks this of every
   * representation, then reads only the one it sends.
   */
  boolean exists(Path file) throws IOException {
    long now = System.nanoTime();
    Pages.Document cached = pages.get(file);
    if (cached != null && now - cached.checkedNanos() < RECHECK_NANOS) {
      return true;
    }
    Check check = checks.get(file);
    if (check != null && now - check.nanos() < RECHECK_NANOS) {
      return check.exists();
    }
    boolean exists = real(file) != null;
    if (checks.size() > MAX_CHECKS) {
      checks.clear();
    }
    checks.put(file, new Check(exists, now));
    return exists;
  }

  /** A remembered existence check, for representations that are looked at but not sent. */
  private record Check(boolean exists, long nanos) {}

  /**
   * The file's attributes if it is a regular file whose real path stays inside {@code web/}:
   * bandersnatch's keep_index_versions symlinks (index.html to versions/…) are followed, links
   * out of the tree are not.
   */
  private BasicFileAttributes real(Path file) throws IOException {
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(webReal)) {
        return null;
      }
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() ? a : null;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The current content of a servable file (see {@link #real}), or null when there is none. */
  Pages.Document get(Path file) throws IOException {
    long now = System.nanoTime();
    Pages.Document cached = pages.get(file);
    if (cached != null && now - cached.checkedNanos() < RECHECK_NANOS) {
      return cached;
    }
    BasicFileAttributes a = real(file);
    if (a == null) {
      pages.remove(file);
      return null;
    }
    long modified = a.lastModifiedTime().toMillis();
    if (cached != null && cached.lastModified() == modified && cached.body().length == a.size()) {
      cached.checkedNanos(now);
      return cached;
    }
    Pages.Document fresh;
    try {
      fresh = new Pages.Document(Files.readAllBytes(file), modified);
    } catch (NoSuchFileException e) {
      pages.remove(file); // removed since real() looked: a project being removed
      return null;
    }
    fresh.checkedNanos(now);
    if (fresh.body().length <= maxBytes / 4) {
      if (bytes.addAndGet(fresh.body().length) > maxBytes) {
        pages.clear();
        bytes.set(fresh.body().length);
      }
      pages.put(file, fresh);
    }
    return fresh;
  }
}

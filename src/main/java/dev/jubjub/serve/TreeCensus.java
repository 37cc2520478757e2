package dev.jubjub.serve;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The number and total size of the package files under {@code web/packages}, counted in the
 * background: a full PyPI mirror has millions, far too many to walk for a request. Counted at
 * start, then again when a run has changed the tree, at most once per {@code interval} (every few
 * seconds while the tree is empty, so a first sync shows soon).
 */
final class TreeCensus implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofMinutes(15);
  /** While the tree is empty (serving before the first sync) a count is cheap: look again soon. */
  private static final Duration WHILE_EMPTY = Duration.ofSeconds(5);
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TreeCensus.class);
  private final Storage storage;
  private final Freshness freshness;
  private final Duration interval;
  private final Thread thread;
  private volatile Totals totals;

  /** The count of one walk, and when it ended. */
  record Totals(long files, long bytes, Instant scanned) {}

  TreeCensus(Storage storage, Freshness freshness, Duration interval) {
    this.storage = storage;
    this.freshness = freshness;
    this.interval = interval;
    this.thread = Thread.ofVirtual().name("jubjub-tree-census").unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** The last count; empty until the first walk has ended. */
  Optional<Totals> totals() {
    return Optional.ofNullable(totals);
  }

  private void run() {
    String counted = null;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        String version = version();
        if (version == null || !version.equals(counted)) {
          // The version is taken before the walk: a run that ends during it is counted next time.
          counted = count() ? version : null;
        }
        Totals last = totals;
        Thread.sleep(last != null && last.files() == 0 && WHILE_EMPTY.compareTo(interval) < 0 ? WHILE_EMPTY : interval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The tree's version, or null when the storage cannot say (then the tree is counted again). */
  private String version() {
    try {
      return freshness.current().version();
    } catch (IOException e) {
      return null;
    }
  }

  /** Walks the package files; false when the storage failed on the way. */
  private boolean count() {
    AtomicLong files = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long started = System.nanoTime();
    try {
      storage.forEachFile(MirrorLayout.PACKAGES, (path, size) -> {
        files.incrementAndGet();
        bytes.addAndGet(size);
      });
    } catch (IOException e) {
      log.warn("cannot count the files under {}: {}", storage.describe(MirrorLayout.PACKAGES), e.getMessage());
      return false;
    }
    totals = new Totals(files.get(), bytes.get(), Instant.now());
    log.debug("counted {} files, {} bytes under {} in {} ms", files.get(), bytes.get(),
        storage.describe(MirrorLayout.PACKAGES), (System.nanoTime() - started) / 1_000_000);
    return true;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}

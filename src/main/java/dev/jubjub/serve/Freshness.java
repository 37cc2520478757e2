package dev.jubjub.serve;

import dev.jubjub.store.LastRun;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How current the mirror is, for {@code /health} and {@code /metrics}: the local serial and the
 * last run's report ({@link LastRun}), read through the storage at most once every few seconds
 * however often they are asked for (on an object store each read is a request). A tree without a
 * report (made by bandersnatch, or before jubjub's first run) or with one that cannot be read
 * counts the {@code status} file's modification time as the last successful sync.
 */
final class Freshness {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Freshness.class);
  static final long RECHECK_NANOS = 5_000_000_000L;
  private final Storage storage;
  private final long recheckNanos;
  private Snapshot snapshot;
  private String failure;
  private long readAt;
  /** Cleared without the lock: the first sync's handover must not wait for a read under way. */
  private volatile boolean read;
  /** The last complaint about an unreadable report, so it is logged once, not every few seconds. */
  private String complained;

  /**
   * @param serial the local serial ({@code status}), if there is one
   * @param lastSuccess when the last successful sync finished, if that is known
   * @param lastRun the last run's report, if there is a readable one
   */
  record Snapshot(OptionalLong serial, Optional<Instant> lastSuccess, Optional<LastRun> lastRun) {
    /** What tells one state of the tree from the next: a run changes at least one of these. */
    String version() {
      return serial + "/" + lastSuccess + "/" + lastRun.map(LastRun::finished);
    }
  }

  Freshness(Storage storage) {
    this(storage, RECHECK_NANOS);
  }

  Freshness(Storage storage, long recheckNanos) {
    this.storage = storage;
    this.recheckNanos = recheckNanos;
  }

  /**
   * The state read at most {@code recheckNanos} ago.
   *
   * @throws IOException when the storage could not be read then
   */
  synchronized Snapshot current() throws IOException {
    if (read && System.nanoTime() - readAt < recheckNanos) {
      if (snapshot == null) {
        throw new IOException(failure);
      }
      return snapshot;
    }
    readAt = System.nanoTime();
    read = true;
    try {
      snapshot = read();
    } catch (IOException e) {
      snapshot = null;
      failure = e.getMessage();
      throw e;
    }
    return snapshot;
  }

  /** The next {@link #current} reads again: the first sync has just made the tree. */
  void forget() {
    read = false;
  }

  private Snapshot read() throws IOException {
    Optional<Storage.FileInfo> status = storage.stat(MirrorLayout.STATUS);
    OptionalLong serial = OptionalLong.empty();
    if (status.isPresent()) {
      String text = storage.readIfExists(MirrorLayout.STATUS).map(b -> new String(b, StandardCharsets.US_ASCII))
          .orElse("").trim();
      serial = text.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    }
    Optional<LastRun> report;
    try {
      report = LastRun.read(storage);
      complained = null;
    } catch (LastRun.UnreadableException e) {
      if (!e.getMessage().equals(complained)) {
        log.warn("{} cannot be read ({}): the status file's time is taken as the last successful sync",
            storage.describe(MirrorLayout.LAST_RUN), e.getMessage());
        complained = e.getMessage();
      }
      report = Optional.empty();
    }
    Optional<Instant> lastSuccess = report.flatMap(LastRun::lastSuccess)
        .or(() -> status.map(Storage.FileInfo::lastModified));
    return new Snapshot(serial, lastSuccess, report);
  }
}

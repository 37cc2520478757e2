package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a mirror holds, for {@code jubjub status}: its serial, projects, the files under {@code
 * web/packages} and their bytes, what an unfinished run left to do, and the projects the filters
 * left out. Counting the files walks the whole tree (millions of files on a full mirror): a log
 * line tells how far it got every 10 seconds.
 *
 * @param todo projects an interrupted or failed run left for the next one (empty: none)
 * @param skipped projects upstream lists that a metadata filter refused, or whose JSON API had none
 */
public record MirrorStatus(
    long serial, OptionalLong todoTarget, int todo, int projects, long files, long bytes, long metadataFiles,
    long metadataBytes, int skipped) {
  private static final Logger log = LoggerFactory.getLogger(MirrorStatus.class);
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

  /** Reads without changing anything: no repair of a stale generation or a corrupt todo, no lock. */
  public static MirrorStatus read(Storage storage, SyncOptions options) throws IOException {
    int projects = new RootIndexWriter(storage, new MirrorLayout(options.hashIndex()), options.simpleFormat())
        .scan().projects().size();
    long[] counts = new long[4];
    long begun = System.nanoTime();
    long[] nextLog = {begun + PROGRESS_INTERVAL.toNanos()};
    storage.forEachFile(MirrorLayout.PACKAGES, (path, size) -> {
      int kind = path.endsWith(".metadata") ? 2 : 0;
      counts[kind]++;
      counts[kind + 1] += size;
      if (System.nanoTime() > nextLog[0]) {
        log.info("Counted {} files so far ({} s)", counts[0] + counts[2], (System.nanoTime() - begun) / 1_000_000_000);
        nextLog[0] = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
      }
    });
    String[] todo = text(storage, MirrorLayout.PENDING).strip().split("\n");
    OptionalLong target = number(todo[0]);
    java.util.Map<String, Long> skipped = new java.util.HashMap<>();
    SerialLines.parse(text(storage, MirrorState.SKIPPED), skipped::put);
    return new MirrorStatus(serial(storage).orElse(0), target,
        target.isPresent() ? todo.length - 1 : 0, projects, counts[0], counts[1], counts[2], counts[3],
        skipped.size());
  }

  /** The serial in {@code status}; empty when there is none, or it does not parse. */
  public static OptionalLong serial(Storage storage) throws IOException {
    return number(text(storage, MirrorLayout.STATUS));
  }

  private static String text(Storage storage, String path) throws IOException {
    return storage.readIfExists(path).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElse("");
  }

  private static OptionalLong number(String text) {
    try {
      return OptionalLong.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}

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

  public static MirrorStatus read(Storage storage, SyncOptions options) throws IOException {
    MirrorState state = new MirrorState(storage);
    var todo = state.loadTodo();
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
    return new MirrorStatus(state.loadStatus(),
        todo.map(t -> OptionalLong.of(t.targetSerial())).orElse(OptionalLong.empty()),
        todo.map(t -> t.projects().size()).orElse(0), projects, counts[0], counts[1], counts[2], counts[3],
        state.loadSkipped().size());
  }
}

package dev.jubjub.cli;

import dev.jubjub.config.SearchConfig;
import dev.jubjub.search.IndexProgress;
import dev.jubjub.search.SearchIndex;
import dev.jubjub.search.SearchIndexException;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jubjub index}: rebuild the search index from the mirror's JSON copies. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Rebuild the search index (/search, pip search) from the mirror's JSON API copies, into a new"
        + " index swapped in when complete; [search] index-directory says where (default"
        + " <directory>/.jubjub-search).")
final class IndexCommand implements Callable<Integer> {
  private static final int FAILURES_SHOWN = 15;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    return common.configured("index", cfg -> {
      List<String> warnings = new ArrayList<>();
      SearchIndex index = new SearchIndex(SearchConfig.from(cfg, warnings).requireIndexDirectory());
      try (Storage storage = StorageFactory.open(cfg, warnings, true)) {
        warnings.forEach(CommonOptions.log()::warn);
        // A local disk is read a few files at a time, an object store with many requests in flight.
        int concurrency = storage.localRoot().isPresent() ? Math.max(4, Runtime.getRuntime().availableProcessors()) : 32;
        IndexProgress progress = new IndexProgress();
        SearchIndex.RebuildReport report;
        Optional<byte[]> pending = storage.readIfExists(CommonOptions.SEARCH_PENDING);
        try (ProgressDisplay display = display(progress)) {
          report = index.rebuild(storage, progress, concurrency);
          // What runs could not index is in the new index now, unless a run added to it meanwhile.
          if (pending.isPresent() && storage.readIfExists(CommonOptions.SEARCH_PENDING)
              .filter(now -> java.util.Arrays.equals(now, pending.get())).isPresent()) {
            storage.delete(CommonOptions.SEARCH_PENDING);
          }
        } catch (SearchIndexException e) {
          System.err.println("jubjub: index stopped: " + e.getMessage() + " (the previous index, if any, is unchanged)");
          return ExitCodes.STORAGE;
        }
        if (!common.quiet || report.failed() > 0) {
          print(report);
        }
        return report.failed() == 0 ? ExitCodes.OK : ExitCodes.SYNC_ERRORS;
      }
    });
  }

  private static void print(SearchIndex.RebuildReport r) {
    double seconds = Math.max(r.elapsed().toNanos() / 1e9, 0.001);
    System.out.printf("jubjub index finished in %.1f s%n", seconds);
    System.out.printf("  projects: %d indexed (%.0f/s), %d unreadable%n", r.projects(), r.projects() / seconds, r.failed());
    System.out.printf("  index:    %s (%s)%n", r.generation(), Summary.bytes(r.indexBytes()));
    if (r.projects() == 0 && r.failed() == 0) {
      System.out.println("  note:     no JSON copies found: the index needs [mirror] json = true (then run jubjub"
          + " mirror --force-check once)");
    }
    r.failures().stream().limit(FAILURES_SHOWN).forEach(f -> System.out.println("    " + f));
    if (r.failed() > FAILURES_SHOWN) {
      System.out.printf("    … and %d more (see the log)%n", r.failed() - FAILURES_SHOWN);
    }
  }

  /** A progress bar on a terminal, a log line every 10 s otherwise, nothing with --quiet. */
  private ProgressDisplay display(IndexProgress progress) {
    ProgressDisplay.Source source = new ProgressDisplay.Source() {
      @Override
      public long done() {
        return progress.indexed() + progress.failed();
      }

      @Override
      public long total() {
        return progress.total();
      }

      @Override
      public String barMessage() {
        return String.format(" %s read, %d unreadable", Summary.bytes(progress.bytesRead()), progress.failed());
      }

      @Override
      public String line() {
        return String.format("%d/%d projects indexed, %d unreadable, %d s", progress.indexed(), progress.total(),
            progress.failed(), Math.round(progress.elapsedSeconds()));
      }
    };
    if (common.quiet) {
      return new ProgressDisplay(source, ProgressDisplay.Mode.NONE, Duration.ZERO);
    }
    if (CommonOptions.isTerminal()) {
      Logging.underProgressBar();
      return new ProgressDisplay(source, ProgressDisplay.Mode.BAR, Duration.ZERO);
    }
    return new ProgressDisplay(source, ProgressDisplay.Mode.LINES, Duration.ofSeconds(10));
  }
}

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
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.LoggerFactory;
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
        try (Ticker ticker = new Ticker(progress, common.quiet ? null : CommonOptions.isTerminal())) {
          report = index.rebuild(storage, progress, concurrency);
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

  /** A progress bar on a terminal, a log line every 10 s otherwise, nothing with --quiet (null). */
  private static final class Ticker implements AutoCloseable {
    private final Thread thread;

    Ticker(IndexProgress progress, Boolean terminal) {
      Runnable show = terminal == null ? () -> { } : terminal ? () -> bar(progress) : () -> lines(progress);
      if (Boolean.TRUE.equals(terminal)) {
        Logging.underProgressBar();
      }
      thread = Thread.ofPlatform().daemon().name("jubjub-index-progress").start(show);
    }

    private static void bar(IndexProgress p) {
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("projects").setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250).continuousUpdate().build()) {
        while (!Thread.currentThread().isInterrupted()) {
          bar.maxHint(Math.max(p.total(), 1));
          bar.stepTo(p.indexed() + p.failed());
          bar.setExtraMessage(String.format(" %s read, %d unreadable", Summary.bytes(p.bytesRead()), p.failed()));
          Thread.sleep(250);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void lines(IndexProgress p) {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(Duration.ofSeconds(10));
          LoggerFactory.getLogger("progress").info("{}/{} projects indexed, {} unreadable, {} s", p.indexed(),
              p.total(), p.failed(), Math.round(p.elapsedSeconds()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(2000);
    }
  }
}

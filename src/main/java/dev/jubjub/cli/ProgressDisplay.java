package dev.jubjub.cli;

import dev.jubjub.sync.SyncStats;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a run's progress: a progress bar on a terminal, a log line every {@code interval}
 * otherwise (cron, CI), so long runs are never silent.
 */
final class ProgressDisplay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("progress");
  private final SyncStats stats;
  private final Thread ticker;

  /** How progress shows: a bar (terminal), log lines (cron, CI, journald), or not at all (--quiet). */
  enum Mode { BAR, LINES, NONE }

  ProgressDisplay(SyncStats stats, Mode mode, Duration interval) {
    this.stats = stats;
    Runnable show = switch (mode) {
      case BAR -> this::bar;
      case LINES -> () -> lines(interval);
      case NONE -> () -> {};
    };
    this.ticker = Thread.ofPlatform().daemon().name("jubjub-progress").start(show);
  }

  private void bar() {
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("projects")
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .continuousUpdate()
            .build()) {
      while (!Thread.currentThread().isInterrupted()) {
        bar.maxHint(Math.max(stats.projectsTotal(), 1));
        bar.stepTo(stats.projectsDone());
        bar.setExtraMessage(
            String.format(
                " %d new, %d checked files %s %s/s %d err",
                stats.filesDownloaded(),
                stats.filesCurrent(),
                Summary.bytes(stats.bytesDownloaded()),
                Summary.bytes((long) (stats.bytesDownloaded() / Math.max(stats.elapsedSeconds(), 0.001))),
                stats.failures().size()));
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void lines(Duration interval) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(interval);
        log.info(
            "{}/{} projects, {} new files ({}), {} checked, {} errors, {} s",
            stats.projectsDone(),
            stats.projectsTotal(),
            stats.filesDownloaded(),
            Summary.bytes(stats.bytesDownloaded()),
            stats.filesCurrent(),
            stats.failures().size(),
            Math.round(stats.elapsedSeconds()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    ticker.interrupt();
    ticker.join(2000);
  }
}

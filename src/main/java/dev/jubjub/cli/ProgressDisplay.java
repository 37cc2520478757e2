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
  private final Source source;
  private final Thread ticker;

  /** How progress shows: a bar (terminal), log lines (cron, CI, journald), or not at all (--quiet). */
  enum Mode { BAR, LINES, NONE }

  /** What a run shows of itself: the bar's position and message, and the periodic log line. */
  interface Source {
    long done();

    long total();

    String barMessage();

    String line();
  }

  ProgressDisplay(SyncStats stats, Mode mode, Duration interval) {
    this(new SyncSource(stats), mode, interval);
  }

  ProgressDisplay(Source source, Mode mode, Duration interval) {
    this.source = source;
    Runnable show = switch (mode) {
      case BAR -> this::bar;
      case LINES -> () -> lines(interval);
      case NONE -> () -> {};
    };
    this.ticker = Thread.ofPlatform().daemon().name("jubjub-progress").start(show);
  }

  private record SyncSource(SyncStats stats) implements Source {
    @Override
    public long done() {
      return stats.projectsDone();
    }

    @Override
    public long total() {
      return stats.projectsTotal();
    }

    @Override
    public String barMessage() {
      return String.format(
          " %d new, %d checked files %s %s/s %d err",
          stats.filesDownloaded(),
          stats.filesCurrent(),
          Summary.bytes(stats.bytesDownloaded()),
          Summary.bytes((long) (stats.bytesDownloaded() / Math.max(stats.elapsedSeconds(), 0.001))),
          stats.failures().size());
    }

    @Override
    public String line() {
      return String.format(
          "%d/%d projects, %d new files (%s), %d checked, %d errors, %d s",
          stats.projectsDone(),
          stats.projectsTotal(),
          stats.filesDownloaded(),
          Summary.bytes(stats.bytesDownloaded()),
          stats.filesCurrent(),
          stats.failures().size(),
          Math.round(stats.elapsedSeconds()));
    }
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
        bar.maxHint(Math.max(source.total(), 1));
        bar.stepTo(source.done());
        bar.setExtraMessage(source.barMessage());
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
        log.info("{}", source.line());
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

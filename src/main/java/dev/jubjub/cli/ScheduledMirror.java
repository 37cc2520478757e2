package dev.jubjub.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve --mirror-every}: one process that serves and syncs. One thread runs {@code mirror}
 * at start and then {@code interval} after each run ends, so two runs of this process never
 * overlap; the mirror lock keeps out a cron job or another host doing the same. A run is the
 * command's own ({@link CommonOptions#withMirror}: the same lock, report, summary and exit code,
 * logged), so a failed run is retried at the next tick and never stops the server.
 */
final class ScheduledMirror implements AutoCloseable {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  ScheduledMirror(CommonOptions common, Duration interval) {
    common.background = true;
    this.thread = Thread.ofPlatform().daemon().name("jubjub-mirror-every").start(() -> {
      do {
        int code = common.withMirror("mirror", m -> m.mirror(false));
        if (code == ExitCodes.LOCKED) {
          CommonOptions.log().info("Scheduled mirror skipped: another run holds the mirror lock");
        } else if (code != ExitCodes.OK) {
          CommonOptions.log().warn("Scheduled mirror ended with exit code {}; next run in {}", code,
              interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        }
      } while (!waitFor(interval));
    });
  }

  /** @return true when the server is stopping */
  private boolean waitFor(Duration interval) {
    try {
      return stop.await(interval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /**
   * Stops scheduling. A run in progress gets a few seconds, then the process exits under it as a
   * killed run would: safe at any point (the next run resumes), and the lock dies with the process.
   */
  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    thread.join(Duration.ofSeconds(5));
  }
}

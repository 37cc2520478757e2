package dev.jubjub.cli;

/**
 * The process exit codes. DESIGN.md fixes 0 to 3; 4 and 5 tell cron and systemd what kind of
 * failure left nothing synced, so that an unreachable upstream or a full disk is not read as
 * "some projects failed".
 */
final class ExitCodes {
  static final int OK = 0;
  /** The run finished, but some projects failed (retried on the next run) or a removal was refused. */
  static final int SYNC_ERRORS = 1;
  /** Usage or config error, a config written for review among them: nothing was done. */
  static final int USAGE = 2;
  static final int LOCKED = 3;
  /** Upstream unreachable, or its listing unusable: nothing was synced. */
  static final int UPSTREAM = 4;
  /** The mirror's own storage failed (disk full, read-only, object store errors): the run stopped. */
  static final int STORAGE = 5;

  private ExitCodes() {}
}

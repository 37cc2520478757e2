package dev.jubjub.cli;

/** The process exit codes, as DESIGN.md fixes them. */
final class ExitCodes {
  static final int OK = 0;
  static final int SYNC_ERRORS = 1;
  static final int USAGE = 2;
  static final int LOCKED = 3;

  private ExitCodes() {}
}

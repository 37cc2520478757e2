package dev.jubjub.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The log levels the command line sets: --debug, --quiet, and the per-project lines under a progress bar. */
final class Logging {
  private static final String PROJECTS = dev.jubjub.sync.Mirror.PROJECT_LOG;

  private Logging() {}

  /**
   * @param debug --debug: everything at DEBUG (jubjub's own loggers; libraries stay at INFO)
   * @param quiet --quiet: errors only, for cron, which mails whatever a job prints
   */
  static void configure(boolean debug, boolean quiet) {
    // Every level is set, not only changed ones: commands run in one JVM (tests) do not inherit.
    Level configured = Level.toLevel(System.getenv("JUBJUB_LOG_LEVEL"), Level.INFO);
    level(Logger.ROOT_LOGGER_NAME, debug ? Level.INFO : quiet ? Level.ERROR : configured);
    level("dev.jubjub", debug ? Level.DEBUG : null);
    level("jubjub", debug ? Level.DEBUG : null);
    level(PROJECTS, null);
  }

  /**
   * A progress bar redraws one terminal line: a line per project would scroll it away, so under
   * the bar they are left out (the bar counts them) unless --debug asked for everything.
   */
  static void underProgressBar() {
    if (!LoggerFactory.getLogger(PROJECTS).isDebugEnabled()) {
      level(PROJECTS, Level.WARN);
    }
  }

  private static void level(String name, Level level) {
    ((Logger) LoggerFactory.getLogger(name)).setLevel(level);
  }
}

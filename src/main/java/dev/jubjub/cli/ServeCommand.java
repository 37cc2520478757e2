package dev.jubjub.cli;

import dev.jubjub.config.ServeConfig;
import dev.jubjub.serve.MirrorServer;
import dev.jubjub.serve.ServeOptions;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.jubjub.config.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jubjub serve}: serve the mirror until SIGTERM/SIGINT, then stop gracefully; SIGHUP reopens the access log. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the mirror: PEP 503/691/658/700/792 simple API, JSON API, files, dated snapshots, metrics,"
        + " search (/search, pip search) and the web UI (/, /project/NAME/).")
final class ServeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (default: [serve] bind, else 127.0.0.1)")
  String bind;

  @Option(names = "--port", paramLabel = "PORT", description = "port (default: [serve] port, else 8080; 0 picks a free one)")
  Integer port;

  @Option(names = "--mirror-every", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "also sync: run mirror at start, then this long after each run ends (30m, 1h, 1d); the mirror"
          + " lock keeps out other runs, from cron or another host")
  Duration mirrorEvery;

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    return common.configured("serve", cfg -> {
      List<String> warnings = new ArrayList<>();
      ServeConfig serve = ServeConfig.from(cfg, warnings);
      int listen = port != null ? port : serve.port();
      if (listen < 0 || listen > 65535) {
        System.err.println("jubjub: serve: port " + listen + " is out of range (0 to 65535)");
        return ExitCodes.USAGE;
      }
      try (Storage storage = StorageFactory.openForServing(cfg, warnings);
          MirrorServer server = new MirrorServer(new ServeOptions(
              storage,
              bind != null ? bind : serve.bind(),
              listen,
              cfg.hashIndex(),
              cfg.rootUri(),
              serve.accessLog(),
              serve.statsDirectory(),
              serve.redirectFiles(),
              cfg.json(),
              serve.maxSyncAge(),
              dev.jubjub.config.SearchConfig.from(cfg, warnings).indexDirectory()))) {
        if (serve.redirectFiles() && storage.localRoot().isPresent()) {
          warnings.add("[serve] files = redirect applies to an object store; this local mirror's files are sent"
              + " directly");
        }
        warnings.forEach(CommonOptions.log()::warn);
        reopenAccessLogOnHangUp(server); // before the port opens: from then on a SIGHUP must not stop it
        try {
          server.start();
        } catch (IOException e) {
          // Jetty says "Failed to bind to …"; the reason (address in use, not an address of this
          // host) is its cause's.
          String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
          System.err.println("jubjub: serve: cannot listen on " + (bind != null ? bind : serve.bind()) + ":" + listen
              + ": " + reason);
          return ExitCodes.USAGE;
        }
        if (mirrorEvery == null) {
          server.join();
        } else {
          try (ScheduledMirror scheduled = new ScheduledMirror(common, mirrorEvery)) {
            server.join();
          }
        }
      }
      return ExitCodes.OK;
    });
  }

  /**
   * SIGHUP reopens the access log (logrotate's postrotate) instead of stopping the server, the
   * JVM's default for it.
   */
  private static void reopenAccessLogOnHangUp(MirrorServer server) {
    try {
      if (Signal.handle(new Signal("HUP"), signal -> server.reopenAccessLog()) == SignalHandler.SIG_IGN) {
        // The JVM keeps a signal ignored that this process was started with ignored (nohup).
        CommonOptions.log().warn("SIGHUP is ignored by this process (started with nohup?): the access log is not"
            + " reopened on it");
      }
    } catch (IllegalArgumentException e) {
      // No SIGHUP on this platform, or the JVM was started with -Xrs: the log is then not reopened.
      CommonOptions.log().warn("SIGHUP cannot be handled here ({}): the access log is not reopened on it",
          e.getMessage());
    }
  }
}

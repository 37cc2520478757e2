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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jubjub serve}: serve the mirror until SIGTERM/SIGINT, then stop gracefully. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the mirror: PEP 503/691/658/700 simple API, JSON API, files, metrics.")
final class ServeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (default: [serve] bind, else 127.0.0.1)")
  String bind;

  @Option(names = "--port", paramLabel = "PORT", description = "port (default: [serve] port, else 8080; 0 picks a free one)")
  Integer port;

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
              dev.jubjub.config.SearchConfig.from(cfg, warnings).indexDirectory()))) {
        if (serve.redirectFiles() && storage.localRoot().isPresent()) {
          warnings.add("[serve] files = redirect applies to an object store; this local mirror's files are sent"
              + " directly");
        }
        warnings.forEach(CommonOptions.log()::warn);
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
        server.join();
      }
      return ExitCodes.OK;
    });
  }
}

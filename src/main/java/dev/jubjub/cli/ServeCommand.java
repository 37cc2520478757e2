package dev.jubjub.cli;

import dev.jubjub.config.ServeConfig;
import dev.jubjub.serve.MirrorServer;
import dev.jubjub.serve.ServeOptions;
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
      warnings.forEach(CommonOptions.log()::warn);
      ServeOptions options = new ServeOptions(
          cfg.directory(),
          bind != null ? bind : serve.bind(),
          port != null ? port : serve.port(),
          cfg.hashIndex(),
          cfg.rootUri(),
          serve.accessLog());
      try (MirrorServer server = new MirrorServer(options)) {
        server.start();
        server.join();
      }
      return ExitCodes.OK;
    });
  }
}

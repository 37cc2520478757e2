package dev.jubjub.serve;

import dev.jubjub.cli.Main;
import dev.jubjub.testing.FakePyPI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A mirror of a fake PyPI made by the real {@code jubjub mirror} command in this JVM, and the real
 * server over it on an ephemeral loopback port: faster than processes, and the heap is measurable.
 */
record InProcessMirror(Path directory, Path config) {
  static InProcessMirror of(Path home, FakePyPI fake, String extra) throws IOException {
    Path directory = home.resolve("mirror");
    Path config = home.resolve("bandersnatch.conf");
    Files.writeString(config, """
        [mirror]
        directory = %s
        master = %s
        json = true
        %s
        """.formatted(directory, fake.baseUri().toString().replaceAll("/$", ""), extra));
    return new InProcessMirror(directory, config);
  }

  /** Runs {@code jubjub mirror}; returns its exit code. */
  int sync() {
    return Main.run("mirror", "-c", config.toString());
  }

  MirrorServer serve() throws Exception {
    MirrorServer server = new MirrorServer(new ServeOptions(dev.jubjub.store.FileSystemStorage.forReading(directory),
        "127.0.0.1", 0, false, Optional.empty(), Optional.empty(), Optional.of(directory.resolve("local-stats")), false,
        true, Optional.empty()));
    server.start();
    return server;
  }
}

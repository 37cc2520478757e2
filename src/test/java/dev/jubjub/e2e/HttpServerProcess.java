package dev.jubjub.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code python3 -m http.server} over a mirror's {@code web/}: the plainest static server. */
final class HttpServerProcess implements AutoCloseable {
  private final Process process;
  final int port;

  private HttpServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static HttpServerProcess serve(Path web, Path log) throws IOException, InterruptedException {
    int port = Processes.freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                "python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                web.toString(), Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Processes.isolate(pb.environment());
    Process p = pb.start();
    Nginx.waitForPort(port, p);
    return new HttpServerProcess(p, port);
  }

  String indexUrl() {
    return "http://127.0.0.1:" + port + "/simple/";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
    process.destroyForcibly();
  }
}

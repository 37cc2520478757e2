package dev.jubjub.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real {@code jubjub serve} process on a free loopback port. */
final class ServeProcess implements AutoCloseable {
  private final Process process;
  final int port;

  private ServeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ServeProcess start(MirrorFixture mirror, Path log) throws IOException, InterruptedException {
    int port = Processes.freePort();
    Process p = mirror.process("serve", "--port", Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    StaticServer.waitForPort(port, p);
    return new ServeProcess(p, port);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** SIGTERM, as a service manager stops it; returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("serve did not stop within 20 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}

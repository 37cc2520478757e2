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
    return start(mirror.home, mirror.config, log);
  }

  /** With a config of its own: another access log, say, over the same tree. */
  static ServeProcess start(Path home, Path config, Path log, String... options)
      throws IOException, InterruptedException {
    int port = Processes.freePort();
    ProcessBuilder pb = Processes.jubjub(home, "serve", "-c", config.toString(), "--port", Integer.toString(port));
    pb.command().addAll(java.util.List.of(options));
    // As a service manager starts it: a test runner may have been started with SIGHUP ignored
    // (nohup), which its children inherit, and the JVM then leaves SIGHUP ignored.
    pb.command().addAll(0, java.util.List.of("env", "--default-signal=HUP"));
    Process p = pb
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    StaticServer.waitForPort(port, p);
    return new ServeProcess(p, port);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** SIGHUP, as logrotate's postrotate sends it. */
  void hangUp() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -HUP " + process.pid() + " failed");
    }
  }

  boolean alive() {
    return process.isAlive();
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

package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs real programs (jubjub, pip, python) for whole-process tests. */
final class Processes {
  private Processes() {}

  record Result(int exitCode, String stdout, String stderr) {}

  /** A jubjub process on this test JVM's JDK and class path, as a user would run it. */
  static ProcessBuilder jubjub(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED"); // as the jar's manifest grants ./jubjub
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.jubjub.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().remove("JUBJUB_CONFIG");
    return pb;
  }

  static Result run(ProcessBuilder pb, Path logDir, long timeoutSeconds) throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path out = Files.createTempFile(logDir, "out-", ".txt");
    Path err = Files.createTempFile(logDir, "err-", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "timed out: " + pb.command() + "\n" + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * pip isolated from this machine's pip configuration (extra indexes, find-links, constraints),
   * so an install can only succeed from the index under test.
   */
  static ProcessBuilder pip(String... args) {
    List<String> command = new ArrayList<>(List.of("python3", "-m", "pip"));
    command.addAll(List.of(args));
    command.addAll(List.of("--no-cache-dir", "--disable-pip-version-check", "--no-input"));
    ProcessBuilder pb = new ProcessBuilder(command);
    isolate(pb.environment());
    return pb;
  }

  static void isolate(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("PIP_") || k.startsWith("PYTHON"));
    env.put("PIP_CONFIG_FILE", "/dev/null");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void assertOk(Result r) {
    assertThat(r.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", r.stdout(), r.stderr()).isZero();
  }
}

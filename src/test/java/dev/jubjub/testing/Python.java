package dev.jubjub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs python3 isolated from this machine's pip configuration (which adds local indexes that
 * would satisfy installs for the wrong reason): no {@code PIP_*} variables but {@code
 * PIP_CONFIG_FILE=/dev/null}, always with {@code --no-cache-dir} for pip.
 */
public final class Python {
  public record Result(int exitCode, String output) {}

  private Python() {}

  public static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    var command = new java.util.ArrayList<>(List.of("python3"));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("PIP_") || k.startsWith("PYTHON"));
    builder.environment().put("PIP_CONFIG_FILE", "/dev/null");
    builder.environment().put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("python3 " + args[0] + " timed out");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}

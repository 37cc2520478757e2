package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' choice of JIT for batch commands (jvm/batch-jit.sh): C1 alone only for a
 * configuration that names plain-http URLs only (where libcrypto gives SHA-256); anything that may speak TLS keeps C2 for the
 * JDK's AES-GCM, which runs at about 20 MB/s in C1 code.
 */
class BatchJitTest {
  private static final String C1_ALONE = "-XX:TieredStopAtLevel=1";

  @TempDir static Path dir;

  @BeforeAll
  static void needsLibcrypto() throws Exception {
    // Without libcrypto, SHA-256 needs C2 whatever the upstream: batch_jit never picks C1 alone.
    assumeTrue(sh("if libcrypto_present; then echo yes; fi", Map.of()).equals("yes"), "libcrypto.so.3");
  }

  @Test
  void plainHttpUpstreamRunsC1Alone() throws Exception {
    Path conf = conf("http.conf", "[mirror]\ndirectory = /srv/pypi\nmaster = http://10.0.0.5:8080\n");
    assertThat(jit(Map.of(), "mirror", "-c", conf.toString())).isEqualTo(C1_ALONE);
    assertThat(jit(Map.of(), "--config", conf.toString(), "sync", "six")).isEqualTo(C1_ALONE);
    assertThat(jit(Map.of(), "mirror", "--config=" + conf)).isEqualTo(C1_ALONE);
    assertThat(jit(Map.of(), "-c" + conf, "mirror")).isEqualTo(C1_ALONE);
    assertThat(jit(Map.of("JUBJUB_CONFIG", conf.toString()), "verify")).isEqualTo(C1_ALONE);
    assertThat(jit(Map.of(), "mirror", "-c", conf("colon.conf", "[mirror]\nMaster: http://mirror.lan\n").toString()))
        .as("configparser's other delimiter, any case").isEqualTo(C1_ALONE);
  }

  /** The commented default configuration names https URLs in its comments: they fetch nothing. */
  @Test
  void commentsDoNotCount() throws Exception {
    String defaults;
    try (var in = dev.jubjub.config.ConfigLoader.class.getResourceAsStream("default.conf")) {
      defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(defaults).contains("https://");
    Path conf = conf("default.conf", defaults.replaceAll("(?m)^master = .*$", "master = http://10.0.0.5:8080"));
    assertThat(Files.readString(conf)).contains("master = http://10.0.0.5:8080");
    assertThat(jit(Map.of(), "mirror", "-c", conf.toString())).isEqualTo(C1_ALONE);
    assertThat(jit(Map.of(), "mirror", "-c", conf("as-written.conf", defaults).toString())).as("master as written").isEmpty();
  }

  @Test
  void anythingThatMaySpeakTlsKeepsC2() throws Exception {
    for (String text : List.of(
        "[mirror]\nmaster = https://pypi.org\n",
        "[mirror]\ndirectory = /srv/pypi\n",
        "[mirror]\nmaster = http://10.0.0.5\ndownload-mirror = https://files.example.org\n",
        "[mirror]\nmaster = http://10.0.0.5\n\n[s3]\nendpoint_url = https://minio.lan:9000\n",
        "[mirror]\nmaster = http://10.0.0.5\ndirectory = /bucket/pypi\nstorage-backend = s3\n",
        "[mirror]\nmaster = http://10.0.0.5\n\n[s3]\nbucket = pypi\n",
        "[mirror]\nmaster = %(base)s\nbase = http://10.0.0.5\n")) {
      Path conf = conf("tls.conf", text);
      assertThat(jit(Map.of(), "mirror", "-c", conf.toString())).as(text).isEmpty();
    }
    assertThat(jit(Map.of(), "mirror", "-c", dir.resolve("missing.conf").toString())).as("unreadable").isEmpty();
    Path http = conf("plain.conf", "[mirror]\nmaster = http://10.0.0.5\n");
    assertThat(jit(Map.of(), "-c", http.toString(), "selftest")).as("selftest speaks https to its own index").isEmpty();
  }

  /** A file named "-" is a file, not grep's standard input (which would wait on a terminal). */
  @Test
  void aConfigNamedDashIsReadAsAFile() throws Exception {
    conf("-", "[mirror]\nmaster = http://10.0.0.5\n");
    assertThat(jit(Map.of(), "mirror", "-c", "-")).isEqualTo(C1_ALONE);
  }

  private static Path conf(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** What batch_jit prints for ARGS, run by sh with -eu as the distribution's launcher runs it. */
  private static String jit(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return sh("batch_jit \"$@\"", env, args);
  }

  /** What CODE prints with jvm/batch-jit.sh sourced, under sh -eu, given ARGS as "$@". */
  private static String sh(String code, Map<String, String> env, String... args) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("jubjub.repository", ".")).resolve("jvm/batch-jit.sh").toAbsolutePath();
    List<String> command = new java.util.ArrayList<>(List.of("sh", "-euc", ". \"$0\"; " + code, script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().remove("JUBJUB_CONFIG");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}

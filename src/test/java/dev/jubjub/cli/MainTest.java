package dev.jubjub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  @Test
  void versionAnsweredBeforePicocliPrintsWhatPicocliWould() {
    StringWriter picocli = new StringWriter();
    new CommandLine(new Main()).printVersionHelp(new PrintWriter(picocli, true));

    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("--version");
    } finally {
      System.setOut(out);
    }

    assertThat(code).isZero();
    assertThat(captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"))
        .isEqualTo(picocli.toString().replace(System.lineSeparator(), "\n"))
        .startsWith("jubjub ");
  }

  @Test
  void onlyALoneVersionOptionTakesTheShortcut() {
    assertThat(Main.isVersionRequest("--version")).isTrue();
    assertThat(Main.isVersionRequest("-V")).isTrue();
    assertThat(Main.isVersionRequest("mirror", "--version")).isFalse();
    assertThat(Main.isVersionRequest("--version", "--help")).isFalse();
    assertThat(Main.isVersionRequest()).isFalse();
  }

  @Test
  void selftestMirrorsVerifiesAndServesAGeneratedIndexAndKeepsTheTreeWhenAsked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    assertThat(selftest("--projects", "4", "--keep", dir.toString()))
        .startsWith("selftest: OK: 4 projects, 16 files mirrored over https, verified, indexed and served");
    // Over TLS, as PyPI is reached: the runtime's TLS client is checked, and in the launcher's training.
    assertThat(java.nio.file.Files.readString(dir.resolve("bandersnatch.conf")))
        .contains("master = https://127.0.0.1:", "ca-bundle = " + dir.resolve("tls/ca.pem"));
    assertThat(dir.resolve("mirror/.jubjub-search/current")).exists();
    try (var files = java.nio.file.Files.walk(dir.resolve("mirror/web/packages"))) {
      assertThat(files.filter(java.nio.file.Files::isRegularFile).count()).as("16 files and 8 .metadata").isEqualTo(24);
    }
  }

  /** The launcher's training run: batch commands only, neither search nor serve in the JVM. */
  @Test
  void selftestForTrainingLeavesOutSearchAndServe(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    assertThat(selftest("--projects", "3", "--no-search", "--no-serve", "--keep", dir.toString()))
        .startsWith("selftest: OK: 3 projects, 12 files mirrored over https, verified in");
    assertThat(dir.resolve("mirror/.jubjub-search")).doesNotExist();
  }

  /** The launcher's training for plain-http upstreams: no TLS classes in the JVM. */
  @Test
  void selftestOverPlainHttpWhenAsked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    assertThat(selftest("--projects", "2", "--no-search", "--no-serve", "--no-tls", "--keep", dir.toString()))
        .startsWith("selftest: OK: 2 projects, 8 files mirrored over http, verified in");
    assertThat(java.nio.file.Files.readString(dir.resolve("bandersnatch.conf")))
        .contains("master = http://127.0.0.1:").doesNotContain("ca-bundle");
    assertThat(dir.resolve("tls")).doesNotExist();
  }

  /** Runs {@code jubjub selftest ARGS} in this JVM; its standard output, once it exited with 0. */
  private static String selftest(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      String[] command = new String[args.length + 1];
      command[0] = "selftest";
      System.arraycopy(args, 0, command, 1, args.length);
      code = Main.run(command);
    } finally {
      System.setOut(out);
    }
    assertThat(code).as(captured.toString(StandardCharsets.UTF_8)).isZero();
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theConfigMayComeBeforeTheCommandAsBandersnatchTakesIt() {
    assertThat(Main.configFirst("-c", "/etc/b.conf", "mirror", "--force"))
        .containsExactly("mirror", "-c", "/etc/b.conf", "--force");
    assertThat(Main.configFirst("--config", "b.conf", "verify")).containsExactly("verify", "--config", "b.conf");
    assertThat(Main.configFirst("--config=b.conf", "sync", "x")).containsExactly("sync", "--config=b.conf", "x");
    assertThat(Main.configFirst("-cb.conf", "mirror")).containsExactly("mirror", "-cb.conf");
    assertThat(Main.configFirst("mirror", "-c", "b.conf")).containsExactly("mirror", "-c", "b.conf");
    assertThat(Main.configFirst("-c", "b.conf", "--help")).containsExactly("-c", "b.conf", "--help");
  }

  /** Runs the command line with stdout and stderr captured: {code, out, err}. */
  private static String[] capture(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void bareJubjubAndHelpShowTheCommandsAndAMistypedOneGetsASuggestion() {
    String[] bare = capture();
    assertThat(bare[0]).isEqualTo("0");
    assertThat(bare[1]).contains("Usage: jubjub").contains("mirror").contains("serve");

    String[] help = capture("help", "mirror");
    assertThat(help[0]).isEqualTo("0");
    assertThat(help[1]).contains("Usage: jubjub mirror");

    String[] typo = capture("mirorr");
    assertThat(typo[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
    assertThat(typo[2]).contains("did you mean 'mirror'?");
    assertThat(typo[2]).doesNotContain("Usage:").contains("'jubjub --help' lists them all");
    assertThat(capture("--nonsense")[2]).doesNotContain("did you mean");
    String[] option = capture("mirror", "--forcecheck");
    assertThat(option[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
    assertThat(option[2]).contains("did you mean '--force-check'?").contains("'jubjub mirror --help'");
  }
}

package dev.jubjub.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jubjub.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Any text as {@code bandersnatch.conf}. Seeds: {@code ConfigFuzzTestInputs/} (bandersnatch 8.0.0's
 * docker configuration, our default). Fuzz for real: {@code JAZZER_FUZZ=1 ./mvnw -B test
 * -Dtest=ConfigFuzzTest}.
 */
class ConfigFuzzTest {
  private static final Path FILE = Path.of("bandersnatch.conf");
  /** A password in a URL option: {@code master = https://alice:PASSWORD@host}. */
  private static final Pattern PASSWORD = Pattern.compile("://[^:@/\\s]*:([^@/\\s]{6,})@");

  @FuzzTest(maxDuration = "60s")
  void anyTextGivesAConfigOrOneConfigException(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    try {
      IniFile ini = IniFile.parse(FILE, text);
      readEveryValue(ini);
      MirrorConfig config = MirrorConfig.from(ini);
      assertThat(config.master().getScheme()).isIn("http", "https");
      assertThat(config.workers()).isBetween(1, MirrorConfig.MAX_WORKERS);
      assertThat(config.verifiers()).isBetween(1, MirrorConfig.MAX_WORKERS);
      assertThat(config.timeout().isPositive() && config.globalTimeout().isPositive()).isTrue();
      config.warnings().forEach(w -> assertThat(w).doesNotContain("\n", "\r"));
    } catch (ConfigException e) {
      // The command boundary prints the message as one line, without a stack trace.
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\r");
      Matcher password = PASSWORD.matcher(text);
      while (password.find()) {
        if (text.indexOf(password.group(1)) == text.lastIndexOf(password.group(1))) {
          assertThat(e.getMessage()).as("a password in a URL is never repeated").doesNotContain(password.group(1));
        }
      }
    }
    Fuzzing.assertInTime(start);
  }

  /** Every option of every section, as a filter plugin would read it: interpolation included. */
  private static void readEveryValue(IniFile ini) {
    for (String section : ini.sections()) {
      for (String key : ini.keys(section)) {
        try {
          assertThat(ini.get(section, key)).isPresent();
        } catch (ConfigException e) {
          assertThat(e.getMessage()).doesNotContain("\n", "\r");
        }
      }
    }
  }
}

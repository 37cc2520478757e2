package dev.jubjub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServeConfigTest {
  private static ServeConfig serve(String options, List<String> warnings) {
    MirrorConfig mirror = MirrorConfig.from(IniFile.parse(Path.of("bandersnatch.conf"),
        "[mirror]\ndirectory = /srv/pypi\n[serve]\n" + options));
    return ServeConfig.from(mirror, warnings);
  }

  @ParameterizedTest
  @CsvSource({"90m, PT1H30M", "2h, PT2H", "1d, PT24H", "30s, PT30S", "2 H, PT2H"})
  void maxSyncAgeTakesADurationWithItsUnit(String value, Duration expected) {
    List<String> warnings = new ArrayList<>();
    assertThat(serve("max-sync-age = " + value, warnings).maxSyncAge()).contains(expected);
    assertThat(warnings).isEmpty();
  }

  @Test
  void maxSyncAgeIsOffUnlessSet() {
    assertThat(serve("", new ArrayList<>()).maxSyncAge()).isEmpty();
    assertThat(serve("max-sync-age = off", new ArrayList<>()).maxSyncAge()).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "0h", "-1h", "2 hours", "1w", "1.5h", "h"})
  void aMaxSyncAgeWithoutAUnitOrAboveNothingIsAConfigErrorNamingTheLine(String value) {
    assertThatThrownBy(() -> serve("max-sync-age = " + value, new ArrayList<>()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bandersnatch.conf:4")
        .hasMessageContaining("'max-sync-age' in [serve]")
        .hasMessageContaining("90m, 2h or 1d");
  }
}

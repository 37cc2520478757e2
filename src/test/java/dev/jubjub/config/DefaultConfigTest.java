package dev.jubjub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DefaultConfigTest {
  @Test
  void loadsWithoutWarningsOnceTheDirectoryIsSet() {
    MirrorConfig config = MirrorConfig.defaults(Path.of("/data/100%/mirror"));
    assertThat(config.directory()).isEqualTo(Path.of("/data/100%/mirror"));
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void matchesTheBuiltInDefaults() {
    Path dir = Path.of("/srv/pypi");
    MirrorConfig fromText = MirrorConfig.defaults(dir);
    MirrorConfig minimal =
        MirrorConfig.from(IniFile.parse(Path.of("m.conf"), "[mirror]\ndirectory = /srv/pypi\n"));
    assertThat(fromText)
        .usingRecursiveComparison()
        .ignoringFields("ini")
        .isEqualTo(minimal);
  }

  @Test
  void documentsEveryMirrorOption() {
    String text = DefaultConfig.text();
    for (String option : MirrorSection.KNOWN) {
      if (!option.equals("keep-index-versions")) { // the spelling bandersnatch never reads
        assertThat(text).as(option).containsPattern("(?m)^(; )?" + option + " = ");
      }
    }
  }

  @Test
  void itsCommentedPluginExampleParsesOnceUncommented() {
    String uncommented = DefaultConfig.text().replaceAll("(?m)^; ?(\\[|enabled|packages|    )",
        "$1");
    IniFile ini = IniFile.parse(Path.of("d.conf"), uncommented);
    assertThat(ini.getList("plugins", "enabled"))
        .containsExactly("blocklist_project", "allowlist_project", "prerelease_release");
    assertThat(ini.getList("blocklist", "packages"))
        .containsExactly("example1", "example2>=1.4.2,<1.9");
  }
}

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
  void itsServeSectionReadsWithoutWarnings() {
    MirrorConfig config = MirrorConfig.defaults(Path.of("/srv/pypi"));
    java.util.List<String> warnings = new java.util.ArrayList<>();
    ServeConfig serve = ServeConfig.from(config, warnings);
    assertThat(warnings).isEmpty();
    assertThat(serve.bind()).isEqualTo("127.0.0.1");
    assertThat(serve.port()).isEqualTo(8080);
    assertThat(DefaultConfig.text()).contains("\n[serve]\n");
  }

  @Test
  void itsSearchSectionDocumentsTheIndexDirectoryAndReadsWithoutWarnings() {
    MirrorConfig config = MirrorConfig.defaults(Path.of("/srv/pypi"));
    java.util.List<String> warnings = new java.util.ArrayList<>();
    SearchConfig search = SearchConfig.from(config, warnings);
    assertThat(warnings).isEmpty();
    assertThat(search.indexDirectory()).hasValue(Path.of("/srv/pypi/.jubjub-search"));
    assertThat(DefaultConfig.text()).contains("\n[search]\n").containsPattern("(?m)^; index-directory = ");
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
    String text = DefaultConfig.text();
    String example = text.substring(text.indexOf("; [plugins]"), text.indexOf("; Every plugin"));
    String uncommented = example.replaceAll("(?m)^; ?", "");
    IniFile ini = IniFile.parse(Path.of("d.conf"), uncommented);
    assertThat(ini.getList("plugins", "enabled"))
        .containsExactly("blocklist_project", "allowlist_project", "prerelease_release");
    assertThat(ini.getList("blocklist", "packages"))
        .containsExactly("example1", "example2>=1.4.2,<1.9");
  }
}

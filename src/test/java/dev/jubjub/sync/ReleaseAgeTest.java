package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jubjub.config.ConfigException;
import dev.jubjub.config.IniFile;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseAgeTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static ReleaseAge read(String mirror) {
    return ReleaseAge.from(IniFile.parse(Path.of("t.conf"), "[mirror]\ndirectory = /srv\n" + mirror), CLOCK);
  }

  @Test
  void readsUnitsAndZeroOrNothingIsOff() {
    assertThat(read("min-release-age = 3d\n").minAge()).isEqualTo(Duration.ofDays(3));
    assertThat(read("min-release-age = 90m\n").minAge()).isEqualTo(Duration.ofMinutes(90));
    assertThat(read("min-release-age = 12h\n").minAge()).isEqualTo(Duration.ofHours(12));
    assertThat(read("min-release-age = 0\n").enabled()).isFalse();
    assertThat(read("min-release-age =\n").enabled()).isFalse();
    assertThat(read("").enabled()).isFalse();
  }

  @Test
  void aBadValueIsAnErrorNamingFileLineAndWhatIsExpected() {
    assertThatThrownBy(() -> read("min-release-age = 3 weeks\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.conf:3")
        .hasMessageContaining("min-release-age")
        .hasMessageContaining("90m");
    assertThatThrownBy(() -> read("min-release-age-exempt =\n    requests\n    urllib3>=>2\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("urllib3>=>2");
    assertThatThrownBy(() -> read("min-release-age-exempt = pkg @ https://example.com/pkg.whl\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("URL");
  }

  @Test
  void hidesYoungFilesAndSaysWhenTheNextAgesIn() throws Exception {
    ReleaseAge age = read("min-release-age = 3d\n");
    ProjectMetadata p = project();
    ReleaseAge.Split split = age.split(p, p.files());
    assertThat(split.files()).extracting(DistFile::filename)
        .containsExactly("demo-1.0.tar.gz", "demo-undated.tar.gz");
    assertThat(split.agesIn()).hasValue(Instant.parse("2026-06-03T00:00:00.123456Z"));
    assertThat(split.visible().releases()).containsOnlyKeys("1.0", "0.9", "undated");
    assertThat(split.visible().json().path("releases").has("2.0")).isFalse();
    assertThat(split.visible().json().path("releases").has("0.9")).as("no files upstream: kept").isTrue();
    assertThat(split.visible().json().path("info").path("version").asText()).isEqualTo("1.0");
    assertThat(split.visible().json().path("info").path("requires_dist").isNull()).isTrue();
    assertThat(split.visible().json().path("info").path("release_url").asText())
        .isEqualTo("https://pypi.org/project/demo/1.0/");
    assertThat(split.visible().json().path("urls").toString()).contains("demo-1.0.tar.gz");
    assertThat(p.json().path("releases").has("2.0")).as("the original is left alone").isTrue();
  }

  @Test
  void anExemptionBySpecifierShowsOnlyTheReleasesItContains() throws Exception {
    ProjectMetadata p = project();
    assertThat(read("min-release-age = 3d\nmin-release-age-exempt = demo>=2.1\n").split(p, p.files()).files())
        .extracting(DistFile::filename).contains("demo-2.1.tar.gz").doesNotContain("demo-2.0.tar.gz");
    assertThat(read("min-release-age = 3d\nmin-release-age-exempt = Demo>=2\n").split(p, p.files()).files())
        .extracting(DistFile::filename).contains("demo-2.0.tar.gz");
    ReleaseAge.Split whole = read("min-release-age = 3d\nmin-release-age-exempt =\n  other\n  DEMO\n").split(p, p.files());
    assertThat(whole.agesIn()).isEmpty();
    assertThat(whole.visible()).isSameAs(p);
  }

  @Test
  void offShowsEverything() throws Exception {
    ProjectMetadata p = project();
    ReleaseAge.Split split = ReleaseAge.off().split(p, p.files());
    assertThat(split.files()).hasSize(4);
    assertThat(split.agesIn()).isEmpty();
  }

  /** 1.0 old, 2.0 a day old (ages in at NOW + 2d), undated, 0.9 without files; info at 2.0. */
  static ProjectMetadata project() throws Exception {
    String json = """
        {"info": {"name": "demo", "version": "2.0", "requires_dist": ["x"],
                  "release_url": "https://pypi.org/project/demo/2.0/"},
         "last_serial": 7,
         "releases": {
           "0.9": [],
           "1.0": [%s],
           "2.0": [%s],
           "undated": [%s]},
         "urls": [%s]}
        """.formatted(file("demo-1.0.tar.gz", "2026-01-01T00:00:00.000000Z"),
        file("demo-2.0.tar.gz", "2026-05-31T00:00:00.123456Z"),
        file("demo-undated.tar.gz", ""),
        file("demo-2.0.tar.gz", "2026-05-31T00:00:00.123456Z"));
    ProjectMetadata p = JsonApiParser.parse(ProjectName.of("demo"), json.getBytes(StandardCharsets.UTF_8), Map.of());
    // A second young release, newer still: the earliest time wins.
    return new ProjectMetadata(p.name(), p.lastSerial(), withExtra(p), p.json());
  }

  private static Map<String, List<DistFile>> withExtra(ProjectMetadata p) throws Exception {
    String json = """
        {"info": {"name": "demo"}, "last_serial": 7, "releases": {"2.1": [%s]}}
        """.formatted(file("demo-2.1.tar.gz", "2026-05-31T12:00:00Z"));
    var extra = JsonApiParser.parse(ProjectName.of("demo"), json.getBytes(StandardCharsets.UTF_8), Map.of());
    var all = new java.util.LinkedHashMap<>(p.releases());
    all.putAll(extra.releases());
    all.remove("undated");
    all.put("undated", p.releases().get("undated"));
    return all;
  }

  private static String file(String name, String uploaded) {
    return """
        {"filename": "%s", "url": "https://files.example/packages/ab/cd/%s",
         "digests": {"sha256": "%s"}, "size": 10, "upload_time_iso_8601": "%s", "packagetype": "sdist"}
        """.formatted(name, name, "a".repeat(64), uploaded);
  }
}

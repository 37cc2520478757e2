package dev.jubjub.filter;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiltersTest {
  @Test
  void theDefaultConfigNamesEveryPlugin() throws Exception {
    String text;
    try (var in = FiltersTest.class.getResourceAsStream("/dev/jubjub/config/default.conf")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String plugin : PluginConfig.SUPPORTED) {
      assertThat(text).as(plugin).containsPattern("(?m)^;\\s+" + plugin + "\\s");
    }
  }

  static final String SHA = "a".repeat(64);

  /** foo with releases 1.0 (sdist + win32 wheel), 2.0rc1 (wheel), 2.0 (wheel, requires >=3.12). */
  static ProjectMetadata foo() throws Exception {
    String json = """
        {"info": {"name": "foo", "version": "2.0", "classifiers": ["Programming Language :: Python :: 3"],
                  "license": null},
         "last_serial": 9,
         "releases": {
           "1.0": [%s, %s],
           "2.0rc1": [%s],
           "2.0": [%s]}}
        """.formatted(
            file("foo-1.0.tar.gz", "sdist", null, "2020-01-01"),
            file("foo-1.0-cp311-cp311-win32.whl", "bdist_wheel", null, "2020-01-02"),
            file("foo-2.0rc1-py3-none-any.whl", "bdist_wheel", ">=3.8", "2021-01-01"),
            file("foo-2.0-py3-none-any.whl", "bdist_wheel", ">=3.12", "2022-01-01"));
    return JsonApiParser.parse(ProjectName.of("foo"), json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static String file(String name, String type, String requires, String date) {
    return """
        {"filename": "%s", "url": "https://x/packages/aa/bb/%s", "digests": {"sha256": "%s"}, "size": 10,
         "packagetype": "%s", "requires_python": %s, "upload_time_iso_8601": "%sT00:00:00.000000Z"}
        """.formatted(name, name, SHA, type, requires == null ? "null" : "\"" + requires + "\"", date);
  }

  static Filters filters(String config) {
    List<String> warnings = new ArrayList<>();
    return Filters.from(IniFile.parse(Path.of("test.conf"), "[mirror]\ndirectory = /x\n" + config), warnings);
  }

  static List<String> kept(Filters f) throws Exception {
    return f.apply(foo()).files().stream().map(DistFile::filename).toList();
  }

  @Test
  void releaseAndFileFiltersComposeAndTheJsonCopyFollows() throws Exception {
    Filters f = filters("[plugins]\nenabled =\n  prerelease_release\n  exclude_platform\n[blocklist]\nplatforms = windows\n");
    ProjectMetadata kept = f.apply(foo());
    assertThat(kept.files()).extracting(DistFile::filename).containsExactly("foo-1.0.tar.gz", "foo-2.0-py3-none-any.whl");
    String copy = kept.json().toString();
    assertThat(copy).doesNotContain("2.0rc1").doesNotContain("win32").contains("foo-1.0.tar.gz");
    assertThat(f.fingerprint()).isNotEmpty().isNotEqualTo(filters("[plugins]\nenabled = prerelease_release\n").fingerprint());
  }

  @Test
  void metadataRegexesFollowBandersnatchTags() throws Exception {
    assertThat(filters("[plugins]\nenabled = regex_project_metadata\n[regex_project_metadata]\n"
        + "any:info.classifiers =\n  .*Python :: 3\n").allowsMetadata(foo())).isTrue();
    assertThat(filters("[plugins]\nenabled = regex_project_metadata\n[regex_project_metadata]\n"
        + "none:info.classifiers =\n  .*Python :: 3\n").allowsMetadata(foo())).isFalse();
    assertThat(filters("[plugins]\nenabled = regex_project_metadata\n[regex_project_metadata]\n"
        + "not-null:info.license =\n  .*\n").allowsMetadata(foo())).isFalse();
    assertThat(filters("[plugins]\nenabled = regex_project_metadata\n[regex_project_metadata]\n"
        + "info.license =\n  MIT\n").allowsMetadata(foo())).isTrue();
  }

  @Test
  void fileMetadataRulesSeeTheFileEntryAndItsRequiresPython() throws Exception {
    assertThat(kept(filters("[plugins]\nenabled = regex_release_file_metadata\n[regex_release_file_metadata]\n"
        + "any:release_file.packagetype =\n  sdist\n"))).containsExactly("foo-1.0.tar.gz");
    assertThat(kept(filters("[plugins]\nenabled = version_range_release_file_metadata\n"
        + "[version_range_release_file_metadata]\nrelease_file.requires_python =\n  3.11\n")))
        .containsExactly("foo-1.0-cp311-cp311-win32.whl", "foo-1.0.tar.gz", "foo-2.0rc1-py3-none-any.whl");
  }

  @Test
  void latestKeepsTheNewestAndTheCurrentVersionAndCountsLimitProjects() throws Exception {
    assertThat(kept(filters("[plugins]\nenabled = latest_release\n[latest_release]\nkeep = 1\nsort_by = time\n")))
        .containsExactly("foo-2.0-py3-none-any.whl");
    assertThat(filters("[plugins]\nenabled = versions_count_project_metadata\n[versions_count_project_metadata]\n"
        + "max_versions = 2\n").allowsMetadata(foo())).isFalse();
    assertThat(filters("[plugins]\nenabled = size_project_metadata\n[size_project_metadata]\n"
        + "max_package_size = 39\n").allowsMetadata(foo())).isFalse();
  }

  @Test
  void projectFiltersAndConfigMistakes() {
    Filters f = filters("[plugins]\nenabled = all\n[blocklist]\npackages =\n  bad-one\n  foo>=2\n"
        + "[filter_regex]\npackages =\n  ^evil\n");
    assertThat(f.allowsProject("bad-one")).isFalse();
    assertThat(f.allowsProject("evil-thing")).isFalse();
    assertThat(f.allowsProject("foo")).isTrue();
    assertThatThrownBy(() -> filters("[plugins]\nenabled = regex_project\n[filter_regex]\npackages =\n  (\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("test.conf:").hasMessageContaining("regular expression");
    // Unknown names are an error, not a warning: a misspelt allowlist would mirror all of PyPI.
    assertThatThrownBy(() -> Filters.from(IniFile.parse(Path.of("t.conf"), "[plugins]\nenabled = frobnicate\n"),
        new ArrayList<>()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("t.conf:2").hasMessageContaining("frobnicate");
  }

  @Test
  void anUnknownPluginIsAConfigErrorWithTheClosestName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> filters("[plugins]\nenabled = allowlist_projects\n"))
        .isInstanceOf(dev.jubjub.config.ConfigException.class)
        .hasMessageContaining("unknown filter plugin 'allowlist_projects' (did you mean 'allowlist_project'?)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> filters("[plugins]\nenabled = whitelist_project\n"))
        .isInstanceOf(dev.jubjub.config.ConfigException.class)
        .hasMessageContaining("bandersnatch 5 renamed it: did you mean 'allowlist_project'? its section is now [allowlist]");
  }

  @Test
  void aFilterOptionNoEnabledPluginReadsIsRefusedNotIgnored() {
    // An allowlist nobody reads would mirror all of PyPI.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> filters("[plugins]\nenabled = blocklist_project\n"
            + "[allowlist]\npackages = requests\n"))
        .isInstanceOf(dev.jubjub.config.ConfigException.class)
        .hasMessageContaining("[allowlist] packages is set but no enabled plugin reads it")
        .hasMessageContaining("allowlist_project or allowlist_release");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> filters("[blocklist]\nplatforms = windows\n"))
        .isInstanceOf(dev.jubjub.config.ConfigException.class).hasMessageContaining("exclude_platform");
    filters("[plugins]\nenabled = allowlist_release\n[allowlist]\npackages = requests\n");
  }
}

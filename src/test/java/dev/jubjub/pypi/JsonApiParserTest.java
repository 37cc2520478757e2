package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonApiParserTest {
  private static final String SHA = "a".repeat(64);

  static String doc(String name, String url) {
    return """
        {"info": {"name": "%s", "version": "1.0"}, "last_serial": 42,
         "releases": {"1.0": [{"filename": "foo-1.0.tar.gz", "url": "%s",
           "digests": {"sha256": "%s"}, "size": 10, "requires_python": ">=3.8,<4",
           "upload_time_iso_8601": "2020-01-01T00:00:00.000000Z", "yanked": true,
           "yanked_reason": "broken", "packagetype": "sdist"}]}}
        """.formatted(name, url, SHA);
  }

  static ProjectMetadata parse(String json) throws MetadataException {
    return JsonApiParser.parse(
        ProjectName.of("foo"), json.getBytes(StandardCharsets.UTF_8), Map.of("foo-1.0.tar.gz", SHA));
  }

  @Test
  void parsesReleasesFilesAndCoreMetadata() throws Exception {
    ProjectMetadata p = parse(doc("Foo", "https://files.example/packages/ab/cd/ef/foo-1.0.tar.gz"));
    assertThat(p.name().display()).isEqualTo("Foo");
    assertThat(p.lastSerial()).isEqualTo(42);
    DistFile f = p.files().getFirst();
    assertThat(f.packagePath()).isEqualTo("ab/cd/ef/foo-1.0.tar.gz");
    assertThat(f.requiresPython()).contains(">=3.8,<4");
    assertThat(f.yanked()).isTrue();
    assertThat(f.yankedReason()).contains("broken");
    assertThat(f.coreMetadataSha256()).contains(SHA);
  }

  @Test
  void refusesHostileUrls() {
    for (String url :
        new String[] {
          "https://x/packages/../../etc/foo-1.0.tar.gz",
          "https://x/packages/%2e%2e/%2e%2e/foo-1.0.tar.gz",
          "https://x/packages/a%2fb/../foo-1.0.tar.gz",
          "https://x/elsewhere/foo-1.0.tar.gz",
          "file:///packages/foo-1.0.tar.gz",
          "https://x/packages/a%5cb/foo-1.0.tar.gz",
          "https://x/packages/ab/other.tar.gz",
          "https://x/packages/a%00/foo-1.0.tar.gz",
        }) {
      assertThatThrownBy(() -> parse(doc("foo", url)))
          .as(url)
          .isInstanceOf(MetadataException.class)
          .hasMessageContaining("project foo");
    }
  }

  @Test
  void refusesAnAnswerAboutAnotherProject() {
    assertThatThrownBy(() -> parse(doc("bar", "https://x/packages/a/foo-1.0.tar.gz")))
        .hasMessageContaining("another project");
  }

  @Test
  void malformedJsonIsANamedError() {
    assertThatThrownBy(() -> parse("{\"info\": ")).isInstanceOf(MetadataException.class)
        .hasMessageContaining("project foo: malformed JSON");
    assertThatThrownBy(() -> parse("<html>")).isInstanceOf(MetadataException.class);
    assertThatThrownBy(() -> parse("[1]")).isInstanceOf(MetadataException.class);
  }

  @Test
  void theJsonApisCoreMetadataCountsOnlyWhenEveryFileSaysItUsably() throws Exception {
    String sha = "a".repeat(64);
    java.util.function.Function<String, Boolean> carries = files -> {
      try {
        return JsonApiParser.carriesCoreMetadata(JsonApiParser.MAPPER.readTree(
            "{\"releases\": {\"1.0\": [" + files + "], \"0.9\": []}}"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    assertThat(carries.apply("{\"core-metadata\": {\"sha256\": \"" + sha + "\"}}, {\"core-metadata\": false}")).isTrue();
    assertThat(carries.apply("{\"data-dist-info-metadata\": {\"sha256\": \"" + sha + "\"}}")).isTrue();
    assertThat(carries.apply("{\"core-metadata\": {\"sha256\": \"" + sha.toUpperCase() + "\"}}"))
        .as("PyPI writes lower case, as bandersnatch compares").isFalse();
    assertThat(carries.apply("{\"core-metadata\": true}")).as("true gives no hash").isFalse();
    assertThat(carries.apply("{\"core-metadata\": {\"md5\": \"00\"}}")).isFalse();
    assertThat(carries.apply("{\"core-metadata\": {\"sha256\": \"../..\"}}")).isFalse();
    assertThat(carries.apply("{\"core-metadata\": false}, {}")).as("one file silent").isFalse();
    assertThat(carries.apply("")).as("no files, nothing to ask the page").isTrue();
  }
}

package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.testing.Fuzzing;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Any JSON API document, and any file URL, from a hostile upstream. Seeds:
 * {@code JsonApiParserFuzzTestInputs/<method>/}. Fuzz for real: {@code JAZZER_FUZZ=1 ./mvnw -B test
 * -Dtest='JsonApiParserFuzzTest#aPackagePathIsSafeOrRefused'}.
 */
class JsonApiParserFuzzTest {
  private static final ProjectName FALLBACK = ProjectName.of("pylev");
  private static final String METADATA_SHA256 =
      "a1828f9b7a019e96302759189410f380814be1dd57a201a56c078f9e8e11a2e5";

  @FuzzTest(maxDuration = "60s")
  void anyDocumentGivesSafeFilesOrAMetadataException(byte[] body) {
    // Asking for the project the document names lets the fuzzer get past the name check.
    ProjectName expected = namedIn(body);
    long start = System.nanoTime();
    try {
      ProjectMetadata metadata = JsonApiParser.parse(expected, body, Map.of(
          "pylev-1.3.0-py2.py3-none-any.whl", METADATA_SHA256));
      assertThat(metadata.name().normalized()).isEqualTo(expected.normalized());
      assertThat(metadata.lastSerial()).isNotNegative();
      for (Map.Entry<String, List<DistFile>> release : metadata.releases().entrySet()) {
        for (DistFile f : release.getValue()) {
          assertThat(f.version()).isEqualTo(release.getKey());
          assertSafe(f);
        }
      }
    } catch (MetadataException e) {
      assertThat(e.getMessage()).startsWith("project " + expected + ":");
    }
    Fuzzing.assertInTime(start);
  }

  @FuzzTest(maxDuration = "60s")
  void aPackagePathIsSafeOrRefused(byte[] input) {
    String url = new String(input, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    String path;
    try {
      path = JsonApiParser.packagePath(url);
    } catch (URISyntaxException | IllegalArgumentException e) {
      Fuzzing.assertInTime(start);
      return;
    }
    String filename = path.substring(path.lastIndexOf('/') + 1);
    try {
      DistFile.checkPackagePath(path, filename);
      Fuzzing.assertSafeRelativePath(path);
      assertThat(path.split("/")).allMatch(name -> name.length() <= DistFile.MAX_SEGMENT);
      assertThat(filename).doesNotStartWith(".").doesNotEndWith(".metadata");
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("file ");
    }
    Fuzzing.assertInTime(start);
  }

  private static void assertSafe(DistFile f) {
    Fuzzing.assertSafeRelativePath(f.packagePath());
    assertThat(f.packagePath().split("/")).allMatch(name -> name.length() <= DistFile.MAX_SEGMENT);
    assertThat(f.packagePath()).endsWith("/" + f.filename());
    assertThat(f.filename()).doesNotStartWith(".").doesNotEndWith(".metadata");
    assertThat(f.url().getScheme()).isIn("http", "https");
    assertThat(f.sha256()).matches("[0-9a-f]{64}");
    assertThat(f.size()).isBetween(0L, DistFile.MAX_SIZE);
    f.coreMetadataSha256().ifPresent(h -> assertThat(h).isEqualTo(METADATA_SHA256));
  }

  private static ProjectName namedIn(byte[] body) {
    try {
      JsonNode name = JsonApiParser.MAPPER.readTree(body).path("info").path("name");
      return name.isTextual() && ProjectName.isValid(name.asText()) ? ProjectName.of(name.asText()) : FALLBACK;
    } catch (java.io.IOException | RuntimeException e) {
      return FALLBACK;
    }
  }
}

package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.pypi.ProjectStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectPageReaderTest {
  private static ProjectPage read(String json) throws Exception {
    return ProjectPageReader.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsStatusReasonSerialHashesAndProvenance() throws Exception {
    ProjectPage page = read("""
        {"meta": {"api-version": "1.4", "_last-serial": 42}, "name": "a",
         "files": [{"filename": "a-1.whl", "provenance": "https://pypi.org/integrity/a/1/a-1.whl/provenance",
                    "core-metadata": {"sha256": "%s"}},
                   {"filename": "a-1.tar.gz", "provenance": null, "core-metadata": false}],
         "project-status": {"status": "archived", "reason": "done"}}""".formatted("ab".repeat(32)));
    assertThat(page.serial()).isEqualTo(42);
    assertThat(page.status().status()).isEqualTo("archived");
    assertThat(page.status().reason()).contains("done");
    assertThat(page.coreMetadata()).isEqualTo(Map.of("a-1.whl", "ab".repeat(32)));
    assertThat(page.provenance()).isEqualTo(Map.of("a-1.whl", "https://pypi.org/integrity/a/1/a-1.whl/provenance"));
  }

  @Test
  void anUnknownOrMalformedStatusReadsAsActiveAndALongReasonIsCut() throws Exception {
    assertThat(read("{\"project-status\": {\"status\": \"vanished\"}}").status().active()).isTrue();
    assertThat(read("{\"project-status\": {\"status\": 3}}").status().active()).isTrue();
    // A long reason is cut, never a reason to read a quarantine as active.
    ProjectStatus longReason = read("{\"project-status\": {\"status\": \"quarantined\", \"reason\": \""
        + "x".repeat(5000) + "\"}}").status();
    assertThat(longReason.quarantined()).isTrue();
    assertThat(longReason.reason().orElseThrow()).hasSizeLessThanOrEqualTo(1024);
    assertThat(read("{\"files\": []}").status().reason()).isEqualTo(Optional.empty());
  }
}

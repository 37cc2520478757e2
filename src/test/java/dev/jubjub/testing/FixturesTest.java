package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FixturesTest {
  @Test
  void loadsTheRecordedProjectsWithTheirDisplayNames() {
    Universe u = Universe.fromFixtures();
    assertThat(u.projects()).extracting(UpstreamProject::name)
        .contains("PyYAML", "SQLAlchemy", "Twisted", "discord.py", "attrs", "black", "toga")
        .doesNotContain("isort-metadata"); // a simple page without JSON API documents
    UpstreamProject black = u.require("black");
    assertThat(black.releases()).extracting(UpstreamRelease::version).containsExactly("19.10b0", "21.11b0");
    assertThat(black.release("21.11b0").orElseThrow().yanked()).isTrue();
    assertThat(black.latestRelease().orElseThrow().version()).isEqualTo("19.10b0"); // not yanked wins
    assertThat(u.require("toga").releases()).extracting(UpstreamRelease::version)
        .containsExactly("0.3.0.dev1", "0.3.0.dev2", "0.3.0", "0.4.0");
    assertThat(u.require("pyyaml").files()).hasSize(11).noneMatch(UpstreamFile::present);
  }

  @Test
  void completeSelectionHasOnlyServableProjects() {
    Universe complete = Universe.fromCompleteFixtures();
    assertThat(complete.projects()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(complete.files()).allMatch(UpstreamFile::present);
    assertThat(complete.project("requests")).isEmpty();
    assertThat(Universe.fixtureProjectNames(true)).hasSize(complete.projects().size());
    assertThat(Universe.empty().addFixtures("discord-py").projects()).extracting(UpstreamProject::name)
        .containsExactly("discord.py");
  }

  @Test
  void servedFilesAndMetadataMatchTheDigestsTheApisPublish() {
    try (FakePyPI fake = FakePyPI.start(Universe.fromFixtures())) {
      int served = 0;
      int absent = 0;
      for (UpstreamProject p : fake.universe().projects()) {
        JsonNode page = TestHttp.json(TestHttp.get(fake.baseUri().resolve("simple/" + p.normalizedName() + "/"), SimpleApi.JSON));
        for (JsonNode file : page.get("files")) {
          var response = TestHttp.get(URI.create(file.get("url").asText()));
          if (p.file(file.get("filename").asText()).orElseThrow().present()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Digests.sha256(response.body())).isEqualTo(file.get("hashes").get("sha256").asText());
            assertThat(response.body().length).isEqualTo(file.get("size").asInt());
            served++;
          } else {
            assertThat(response.statusCode()).isEqualTo(404);
            absent++;
          }
          JsonNode meta = file.get("core-metadata");
          if (meta.isObject()) {
            var metadata = TestHttp.get(URI.create(file.get("url").asText() + ".metadata"));
            assertThat(Digests.sha256(metadata.body())).isEqualTo(meta.get("sha256").asText());
          }
        }
      }
      assertThat(served).isEqualTo(65);
      assertThat(absent).isEqualTo(44); // 47 in the README, less isort-metadata's three
    }
  }

  @Test
  void jsonApiKeepsRecordedInfoAndDigests() {
    try (FakePyPI fake = FakePyPI.start(Universe.fromFixtures())) {
      JsonNode doc = TestHttp.json(TestHttp.get(fake.baseUri().resolve("pypi/PyYAML/json")));
      assertThat(doc.get("info").get("name").asText()).isEqualTo("PyYAML");
      assertThat(doc.get("info").get("version").asText()).isEqualTo("3.13");
      assertThat(doc.get("urls")).hasSize(11);
      JsonNode file = doc.get("releases").get("3.13").get(0);
      assertThat(file.get("url").asText()).startsWith(fake.baseUri() + "packages/");
      assertThat(file.get("digests").get("blake2b_256").asText()).hasSize(64);
      assertThat(file.get("upload_time_iso_8601").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?Z");
    }
  }
}

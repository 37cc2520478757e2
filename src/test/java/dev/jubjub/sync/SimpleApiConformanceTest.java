package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jubjub.index.SimplePages;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.upstream.Upstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page jubjub writes (root and project, HTML and PEP 691 JSON) against the simple API's
 * rules up to the version the pages declare, with every status and a provenance in the mirror;
 * the rules themselves are checked against a page recorded from pypi.org.
 */
class SimpleApiConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void theRulesAcceptARecordedPypiOrgPage() throws Exception {
    SimpleApiRules rules = new SimpleApiRules("1.4");
    for (String project : List.of("colorama", "requests", "pytest")) {
      JsonNode page = JSON.readTree(getClass().getResourceAsStream("/fixtures/pypi.org/json/" + project + ".json"));
      rules.projectJson(page, project);
    }
    assertThat(rules.violations()).isEmpty();
  }

  @Test
  void theRulesRejectWhatBreaksThem() throws Exception {
    SimpleApiRules rules = new SimpleApiRules("1.4");
    rules.projectJson(JSON.readTree("""
        {"meta": {"api-version": "1.1"}, "name": "Foo_Bar", "files": [{"filename": "a.whl", "url": "a.whl",
        "hashes": {"sha256": "ab"}, "upload-time": "2025-01-01 00:00:00", "provenance": 3}],
        "project-status": {"status": "quarantined", "why": "x"}}"""), "bad");
    rules.projectHtml("""
        <!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.0">
        <meta name="pypi:project-status" content="gone"></head>
        <body><a href="a.whl" data-core-metadata="yes">a.whl</a></body></html>""", "bad html");
    assertThat(rules.violations()).hasSize(12);
  }

  @Test
  void everyPageJubjubWritesFollowsTheRulesOfTheVersionItDeclares() throws Exception {
    Universe u = Universe.generate(11, 12);
    List<String> names = u.projects().stream().filter(p -> !p.files().isEmpty()).map(p -> p.name()).toList();
    u.setStatus(names.get(0), "archived", "moved to \"new\" <home> & co");
    u.setStatus(names.get(1), "deprecated", null);
    u.setStatus(names.get(2), "quarantined", "malware");
    UpstreamFile file = u.require(names.get(3)).files().getFirst();
    u.addProvenance(names.get(3), file.filename(), "{\"version\": 1}".getBytes(StandardCharsets.UTF_8), null);
    try (FakePyPI fake = FakePyPI.start(u); Upstream upstream = new Upstream(Local.settings(fake))) {
      SyncStats stats = new Mirror(upstream, new FileSystemStorage(dir), Local.options(true)).mirror();
      assertThat(stats.ok()).as("%s", stats.failures()).isTrue();
    }

    SimpleApiRules rules = new SimpleApiRules(SimplePages.API_VERSION);
    Path simple = dir.resolve("web/simple");
    rules.rootJson(JSON.readTree(simple.resolve("index.v1_json").toFile()), "root index.v1_json");
    rules.rootHtml(Files.readString(simple.resolve("index.html")), "root index.html");
    rules.rootHtml(Files.readString(simple.resolve("index.v1_html")), "root index.v1_html");
    int projects = 0;
    try (Stream<Path> dirs = Files.list(simple)) {
      for (Path project : dirs.filter(Files::isDirectory).toList()) {
        String name = project.getFileName().toString();
        var json = rules.projectJson(JSON.readTree(project.resolve("index.v1_json").toFile()), name + " JSON");
        for (String html : List.of("index.html", "index.v1_html")) {
          var page = rules.projectHtml(Files.readString(project.resolve(html)), name + " " + html);
          assertThat(page).as(name + ": the HTML and JSON pages say the same").isEqualTo(json);
        }
        projects++;
      }
    }
    assertThat(projects).isEqualTo(u.projects().size());
    assertThat(rules.violations()).isEmpty();
    assertThat(Files.readString(simple.resolve(dev.jubjub.pypi.ProjectName.normalize(names.get(3)) + "/index.v1_json")))
        .contains("\"provenance\": \"../../" + file.urlPath() + ".provenance\"");
  }
}

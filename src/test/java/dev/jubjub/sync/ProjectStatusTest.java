package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.upstream.Upstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEP 792 statuses and PEP 740 provenance through a real sync against the fake PyPI: statuses
 * reach the pages, a quarantine holds files outside web/ and gives them back without a download,
 * provenance objects are mirrored beside their files and hostile ones lose nothing.
 */
class ProjectStatusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static Universe universe() {
    Universe u = Universe.empty();
    u.addProject("jubjub-base");
    u.addRelease("jubjub-base", "1.0.0");
    u.addProject("Other.Project");
    u.addRelease("Other.Project", "2.0");
    return u;
  }

  private SyncStats mirror(FakePyPI fake) throws Exception {
    try (Upstream upstream = new Upstream(Local.settings(fake))) {
      return new Mirror(upstream, new FileSystemStorage(dir), Local.options(true)).mirror();
    }
  }

  private JsonNode jsonPage(String project) throws Exception {
    return JSON.readTree(dir.resolve("web/simple/" + project + "/index.v1_json").toFile());
  }

  private String htmlPage(String project) throws Exception {
    return Files.readString(dir.resolve("web/simple/" + project + "/index.html"));
  }

  /** Every regular file under {@code sub}, by path relative to it, with its bytes' hash. */
  private Map<String, Long> tree(String sub) throws Exception {
    Map<String, Long> files = new TreeMap<>();
    Path root = dir.resolve(sub);
    if (!Files.isDirectory(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), (long) java.util.Arrays.hashCode(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  @Test
  void archivedAndDeprecatedStatusesWithTheirReasonsReachBothPages() throws Exception {
    Universe u = universe();
    u.setStatus("jubjub-base", "archived", "no longer maintained <see docs>");
    u.setStatus("Other.Project", "deprecated", null);
    try (FakePyPI fake = FakePyPI.start(u)) {
      assertThat(mirror(fake).ok()).isTrue();
    }
    JsonNode archived = jsonPage("jubjub-base");
    assertThat(archived.path("project-status").path("status").asText()).isEqualTo("archived");
    assertThat(archived.path("project-status").path("reason").asText()).isEqualTo("no longer maintained <see docs>");
    assertThat(archived.path("files")).hasSize(2); // archived projects keep offering their files
    assertThat(htmlPage("jubjub-base"))
        .contains("<meta name=\"pypi:project-status\" content=\"archived\">")
        .contains("<meta name=\"pypi:project-status-reason\" content=\"no longer maintained &lt;see docs&gt;\">");
    JsonNode deprecated = jsonPage("other-project");
    assertThat(deprecated.path("project-status").toString()).isEqualTo("{\"status\":\"deprecated\"}");
    assertThat(htmlPage("other-project")).contains("<meta name=\"pypi:project-status\" content=\"deprecated\">")
        .doesNotContain("project-status-reason");
  }

  @Test
  void aQuarantineHoldsTheFilesOutsideWebAndTheirReturnDownloadsNothing() throws Exception {
    Universe u = universe();
    try (FakePyPI fake = FakePyPI.start(u)) {
      assertThat(mirror(fake).ok()).isTrue();
      Map<String, Long> packages = tree("web/packages");
      Map<String, Long> before = new TreeMap<>(packages);
      List<String> baseFiles = u.require("jubjub-base").files().stream().map(UpstreamFile::urlPath).toList();

      u.setStatus("jubjub-base", "quarantined", "malware");
      SyncStats quarantine = mirror(fake);
      assertThat(quarantine.ok()).as("%s", quarantine.failures()).isTrue();

      JsonNode page = jsonPage("jubjub-base");
      assertThat(page.path("files")).isEmpty();
      assertThat(page.path("versions")).isEmpty();
      assertThat(page.path("project-status").path("status").asText()).isEqualTo("quarantined");
      assertThat(page.path("project-status").path("reason").asText()).isEqualTo("malware");
      assertThat(htmlPage("jubjub-base")).contains("content=\"quarantined\"").doesNotContain("<a href");
      assertThat(Files.readString(dir.resolve("web/simple/index.v1_json"))).contains("\"jubjub-base\"");
      assertThat(Files.readString(dir.resolve("web/simple/index.html"))).contains("jubjub-base/");
      assertThat(dir.resolve("web/json/jubjub-base")).doesNotExist();
      assertThat(dir.resolve("web/pypi/jubjub-base/json")).doesNotExist();
      for (String path : baseFiles) {
        assertThat(dir.resolve("web/" + path)).doesNotExist();
        assertThat(dir.resolve("web/" + path + ".metadata")).doesNotExist();
        assertThat(dir.resolve(".jubjub-quarantine/web/" + path)).exists();
      }
      Map<String, Long> held = tree(".jubjub-quarantine/web/packages");
      Map<String, Long> together = new TreeMap<>(tree("web/packages"));
      together.putAll(held);
      assertThat(together).as("every byte is still somewhere").isEqualTo(before);
      assertThat(dir.resolve(".jubjub-quarantine/web/json/jubjub-base")).exists();

      // A second run while quarantined changes nothing and loses nothing.
      assertThat(mirror(fake).ok()).isTrue();
      assertThat(tree(".jubjub-quarantine/web/packages")).isEqualTo(held);

      u.setStatus("jubjub-base", "active", null);
      fake.resetRequests();
      assertThat(mirror(fake).ok()).isTrue();
      assertThat(fake.requests("/packages/")).as("the held files came back, not from upstream").isZero();
      assertThat(tree("web/packages")).isEqualTo(before);
      assertThat(tree(".jubjub-quarantine")).isEmpty();
      assertThat(dir.resolve(".jubjub-quarantine/projects/jubjub-base")).doesNotExist();
      assertThat(jsonPage("jubjub-base").path("files")).hasSize(2);
      assertThat(jsonPage("jubjub-base").has("project-status")).as("active is the default").isFalse();
      assertThat(dir.resolve("web/json/jubjub-base")).exists();
    }
  }

  @Test
  void aJsonApi404AloneIsNoQuarantine() throws Exception {
    Universe u = universe();
    try (FakePyPI fake = FakePyPI.start(u)) {
      assertThat(mirror(fake).ok()).isTrue();
      Map<String, Long> before = tree("web");
      before.keySet().removeIf(p -> p.startsWith("simple/index"));
      u.touch("jubjub-base");
      fake.injectAlways("/pypi/jubjub-base/json", dev.jubjub.testing.Fault.status(404));
      mirror(fake);
      Map<String, Long> after = tree("web");
      after.keySet().removeIf(p -> p.startsWith("simple/index"));
      assertThat(after).isEqualTo(before);
      assertThat(dir.resolve(".jubjub-quarantine")).doesNotExist();
    }
  }

  @Test
  void verifyKeepsHeldFilesAndVerifyDeleteDeletesThemWhileStillQuarantined() throws Exception {
    Universe u = universe();
    try (FakePyPI fake = FakePyPI.start(u)) {
      mirror(fake);
      u.setStatus("jubjub-base", "quarantined", null);
      mirror(fake);
      Map<String, Long> held = tree(".jubjub-quarantine");
      assertThat(held).isNotEmpty();
      try (Upstream upstream = new Upstream(Local.settings(fake))) {
        new Verifier(upstream, new FileSystemStorage(dir), Local.options(true)).run(false, false);
        assertThat(tree(".jubjub-quarantine")).isEqualTo(held);
        Verifier delete = new Verifier(upstream, new FileSystemStorage(dir), Local.options(true));
        delete.run(true, false);
        assertThat(delete.unowned()).as("held files are not web/ orphans").isEmpty();
      }
      assertThat(tree(".jubjub-quarantine")).isEmpty();
      assertThat(jsonPage("other-project").path("files")).hasSize(2);
    }
  }

  @Test
  void provenanceIsMirroredBesideItsFileAndLinkedFromBothPages() throws Exception {
    Universe u = universe();
    UpstreamFile wheel = u.require("jubjub-base").files().stream()
        .filter(f -> f.filename().endsWith(".whl")).findFirst().orElseThrow();
    byte[] provenance = "{\"version\": 1, \"attestation_bundles\": []}".getBytes(StandardCharsets.UTF_8);
    u.addProvenance("jubjub-base", wheel.filename(), provenance, null);
    try (FakePyPI fake = FakePyPI.start(u)) {
      assertThat(mirror(fake).ok()).isTrue();
    }
    Path stored = dir.resolve("web/" + wheel.urlPath() + ".provenance");
    assertThat(stored).hasBinaryContent(provenance);
    String href = "../../" + wheel.urlPath() + ".provenance";
    JsonNode files = jsonPage("jubjub-base").path("files");
    assertThat(files).anySatisfy(f -> {
      assertThat(f.path("filename").asText()).isEqualTo(wheel.filename());
      assertThat(f.path("provenance").asText()).isEqualTo(href);
    });
    assertThat(files).filteredOn(f -> f.has("provenance")).hasSize(1);
    assertThat(htmlPage("jubjub-base")).contains("data-provenance=\"" + href + "\"");
    try (FakePyPI fake = FakePyPI.start(u); Upstream upstream = new Upstream(Local.settings(fake))) {
      Verifier verify = new Verifier(upstream, new FileSystemStorage(dir), Local.options(true));
      verify.run(true, false);
      assertThat(verify.unowned()).isEmpty();
    }
    assertThat(stored).exists();
  }

  @Test
  void hostileProvenanceIsRefusedNamingProjectAndUrlAndLosesNothing() throws Exception {
    Map<String, byte[]> bodies = new TreeMap<>();
    bodies.put("too large", ("{\"x\": \"" + "a".repeat(Upstream.MAX_PROVENANCE_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8));
    bodies.put("not JSON", "<html>hello</html>".getBytes(StandardCharsets.UTF_8));
    Map<String, String> urls = Map.of(
        "off upstream", "http://169.254.169.254/latest/meta-data/",
        "a file URL", "file:///etc/passwd",
        "traversal", "../../../../../etc/passwd");
    for (var hostile : bodies.entrySet()) {
      assertRefused(hostile.getKey(), hostile.getValue(), null, "provenance refused");
    }
    for (var hostile : urls.entrySet()) {
      assertRefused(hostile.getKey(), "{}".getBytes(StandardCharsets.UTF_8), hostile.getValue(), hostile.getValue());
    }
  }

  private void assertRefused(String what, byte[] body, String url, String expected) throws Exception {
    Path home = Files.createTempDirectory(dir, "hostile");
    Universe u = universe();
    try (FakePyPI fake = FakePyPI.start(u); Upstream upstream = new Upstream(Local.settings(fake))) {
      FileSystemStorage storage = new FileSystemStorage(home);
      assertThat(new Mirror(upstream, storage, Local.options(true)).mirror().ok()).isTrue();
      byte[] page = Files.readAllBytes(home.resolve("web/simple/jubjub-base/index.v1_json"));
      UpstreamFile wheel = u.require("jubjub-base").files().getFirst();
      u.addProvenance("jubjub-base", wheel.filename(), body, url);
      SyncStats stats = new Mirror(upstream, storage, Local.options(true)).mirror();
      assertThat(stats.failures()).as(what).singleElement().satisfies(f -> {
        assertThat(f.project()).isEqualTo("jubjub-base");
        assertThat(f.reason()).contains("jubjub-base").contains(wheel.filename()).contains(expected);
      });
      assertThat(home.resolve("web/simple/jubjub-base/index.v1_json")).as(what).hasBinaryContent(page);
      for (UpstreamFile f : u.require("jubjub-base").files()) {
        assertThat(home.resolve("web/" + f.urlPath())).as(what).exists();
      }
      try (Stream<Path> walk = Files.walk(home)) {
        assertThat(walk.filter(p -> p.toString().endsWith(".provenance"))).as(what).isEmpty();
      }
    }
  }
}

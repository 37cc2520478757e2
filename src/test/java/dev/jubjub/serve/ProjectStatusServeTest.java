package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Python;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What clients of {@code jubjub serve} see of PEP 740 provenance and of a PEP 792 quarantine: the
 * provenance link of a page resolves to the JSON object; a quarantined project is listed, offers
 * nothing, its files and JSON API answer 404 and real pip says there is no matching distribution;
 * once the status clears, pip installs it again.
 */
class ProjectStatusServeTest {
  private static final HttpClient client = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  private static HttpResponse<byte[]> get(URI uri, String accept) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private Python.Result pipInstall(MirrorServer server, String project) throws Exception {
    return Python.run(home, "-m", "pip", "install", "--no-cache-dir", "--index-url",
        "http://127.0.0.1:" + server.port() + "/simple/", "--target", home.resolve("site-" + System.nanoTime()).toString(),
        project);
  }

  @Test
  void provenanceResolvesThroughServeAndAQuarantineOffersNothingUntilItClears() throws Exception {
    Universe u = Universe.empty();
    u.addProject("jubjub-base");
    u.addRelease("jubjub-base", "1.0.0");
    UpstreamFile wheel = u.require("jubjub-base").files().stream()
        .filter(f -> f.filename().endsWith(".whl")).findFirst().orElseThrow();
    byte[] provenance = "{\"version\": 1, \"attestation_bundles\": []}".getBytes(StandardCharsets.UTF_8);
    u.addProvenance("jubjub-base", wheel.filename(), provenance, null);
    try (FakePyPI fake = FakePyPI.start(u)) {
      InProcessMirror mirror = InProcessMirror.of(home, fake, "");
      assertThat(mirror.sync()).isZero();
      URI page;
      URI fileUrl;
      try (MirrorServer server = mirror.serve()) {
        page = URI.create("http://127.0.0.1:" + server.port() + "/simple/jubjub-base/");
        JsonNode json = JSON.readTree(get(page, "application/vnd.pypi.simple.v1+json").body());
        JsonNode entry = json.path("files").findParents("filename").stream()
            .filter(f -> f.path("filename").asText().equals(wheel.filename())).findFirst().orElseThrow();
        URI link = page.resolve(entry.path("provenance").asText());
        HttpResponse<byte[]> served = get(link, "*/*");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(served.body()).isEqualTo(provenance);
        String html = new String(get(page, "text/html").body(), StandardCharsets.UTF_8);
        assertThat(html).contains("data-provenance=\"" + entry.path("provenance").asText() + "\"");
        fileUrl = page.resolve(entry.path("url").asText());
        assertThat(get(fileUrl, "*/*").statusCode()).isEqualTo(200);
      }

      u.setStatus("jubjub-base", "quarantined", "malware");
      assertThat(mirror.sync()).isZero();
      try (MirrorServer server = mirror.serve()) {
        URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
        assertThat(new String(get(base.resolve("/simple/"), "text/html").body(), StandardCharsets.UTF_8))
            .contains("jubjub-base");
        JsonNode json = JSON.readTree(get(base.resolve("/simple/jubjub-base/"), "application/vnd.pypi.simple.v1+json").body());
        assertThat(json.path("files")).isEmpty();
        assertThat(json.path("project-status").path("status").asText()).isEqualTo("quarantined");
        assertThat(get(base.resolve(fileUrl.getRawPath()), "*/*").statusCode()).isEqualTo(404);
        assertThat(get(base.resolve(fileUrl.getRawPath() + ".provenance"), "*/*").statusCode()).isEqualTo(404);
        assertThat(get(base.resolve("/pypi/jubjub-base/json"), "application/json").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> ui = get(base.resolve("/project/jubjub-base/"), "text/html");
        assertThat(ui.statusCode()).as("the web UI names the status, not 'no such project'").isEqualTo(200);
        assertThat(new String(ui.body(), StandardCharsets.UTF_8)).contains("Quarantined upstream").contains("malware")
            .doesNotContain(wheel.filename());
        Python.Result refused = pipInstall(server, "jubjub-base");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("No matching distribution found for jubjub-base");
      }

      u.setStatus("jubjub-base", "archived", "<b>done</b>");
      assertThat(mirror.sync()).isZero();
      try (MirrorServer server = mirror.serve()) {
        String ui = new String(get(URI.create("http://127.0.0.1:" + server.port() + "/project/jubjub-base/"),
            "text/html").body(), StandardCharsets.UTF_8);
        assertThat(ui).contains("Archived upstream").contains("&lt;b&gt;done&lt;/b&gt;").contains(wheel.filename());
      }

      u.setStatus("jubjub-base", "active", null);
      fake.resetRequests();
      assertThat(mirror.sync()).isZero();
      assertThat(fake.requests("/packages/")).isZero();
      try (MirrorServer server = mirror.serve()) {
        Python.Result installed = pipInstall(server, "jubjub-base");
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        assertThat(get(URI.create("http://127.0.0.1:" + server.port() + fileUrl.getRawPath()), "*/*").statusCode())
            .isEqualTo(200);
      }
    }
  }
}

package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.sync.Mirror;
import dev.jubjub.sync.SyncOptions;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Python;
import dev.jubjub.testing.ReleaseSpec;
import dev.jubjub.testing.Universe;
import dev.jubjub.upstream.Upstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /snapshot/<date>/...}: the index as it was at the end of a day (UTC), for real pip too. */
class SnapshotServeTest {
  @TempDir static Path home;
  static MirrorServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void mirrorAndServe() throws Exception {
    Universe u = Universe.empty();
    u.addProject("snappy");
    u.addRelease("snappy", ReleaseSpec.of("1.0"), Instant.parse("2026-03-01T10:00:00Z"));
    u.addRelease("snappy", ReleaseSpec.of("2.0"), Instant.parse("2026-04-01T23:59:59Z"));
    u.addProject("latecomer");
    u.addRelease("latecomer", ReleaseSpec.of("1.0"), Instant.parse("2026-05-01T00:00:00Z"));
    Path dir = home.resolve("mirror");
    try (FakePyPI fake = FakePyPI.start(u);
        Upstream upstream = ReleaseAgeServeTest.upstream(fake)) {
      new Mirror(upstream, new FileSystemStorage(dir), SyncOptions.defaults()).mirror();
    }
    server = ReleaseAgeServeTest.serve(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void pipInstallsWhatWasCurrentThatDay() throws Exception {
    assertThat(pipInstalls("2026-03-15")).isEqualTo("snappy-1.0");
    assertThat(pipInstalls("2026-04-01")).as("the end of the day, in UTC").isEqualTo("snappy-2.0");
    assertThat(pipInstalls("2999-01-01")).as("a future day is today").isEqualTo("snappy-2.0");
  }

  @Test
  void pep691JsonAndTheJsonApiAreDatedToo() throws Exception {
    HttpResponse<String> page = get("/snapshot/2026-03-15/simple/snappy/", "application/vnd.pypi.simple.v1+json");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValue("application/vnd.pypi.simple.v1+json");
    assertThat(page.headers().firstValue("cache-control")).hasValue(Snapshot.PAST_CACHE);
    JsonNode json = JsonApiParser.MAPPER.readTree(page.body());
    assertThat(json.path("files")).hasSize(2);
    assertThat(json.path("files").toString()).contains("snappy-1.0").doesNotContain("snappy-2.0");
    assertThat(json.path("versions").toString()).isEqualTo("[\"1.0\"]");
    String url = json.path("files").get(0).path("url").asText();
    URI file = URI.create("http://127.0.0.1:" + server.port() + "/snapshot/2026-03-15/simple/snappy/").resolve(url);
    assertThat(file.getPath()).startsWith("/packages/");
    assertThat(http.send(HttpRequest.newBuilder(file).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(200);

    JsonNode api = JsonApiParser.MAPPER.readTree(get("/snapshot/2026-03-15/pypi/snappy/json", "*/*").body());
    assertThat(api.path("releases").has("2.0")).isFalse();
    assertThat(api.path("info").path("version").asText()).isEqualTo("1.0");
    assertThat(api.path("urls").get(0).path("url").asText()).startsWith("http://127.0.0.1:" + server.port() + "/packages/");
    assertThat(get("/snapshot/2026-03-15/pypi/snappy/2.0/json", "*/*").statusCode()).isEqualTo(404);
  }

  @Test
  void aProjectWithNoFileByThenIsNotFoundButTheRootListsEveryProject() throws Exception {
    assertThat(get("/snapshot/2026-03-15/simple/latecomer/", "text/html").statusCode()).isEqualTo(404);
    assertThat(get("/snapshot/2026-03-15/pypi/latecomer/json", "*/*").statusCode()).isEqualTo(404);
    assertThat(get("/snapshot/2026-03-15/simple/", "text/html").body()).contains("latecomer").contains("snappy");
    assertThat(get("/snapshot/2026-05-02/simple/latecomer/", "text/html").statusCode()).isEqualTo(200);
  }

  @Test
  void aBadDateIsA400SayingWhatIsExpected() throws Exception {
    for (String bad : new String[] {"2026-02-30", "yesterday", "2026-6-1", "20260601"}) {
      HttpResponse<String> r = get("/snapshot/" + bad + "/simple/", "text/html");
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).contains("YYYY-MM-DD");
    }
    HttpResponse<String> api = get("/snapshot/nope/pypi/snappy/json", "*/*");
    assertThat(api.statusCode()).isEqualTo(400);
    assertThat(api.headers().firstValue("content-type")).hasValue("application/json");
  }

  @Test
  void nonNormalizedNamesRedirectInsideTheSnapshot() throws Exception {
    HttpResponse<String> r = get("/snapshot/2026-03-15/simple/Snappy", "text/html");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("location").orElseThrow()).endsWith("/snapshot/2026-03-15/simple/snappy/");
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String pipInstalls(String date) throws Exception {
    Path target = Files.createTempDirectory(home, "site");
    Python.Result r = Python.run(home, "-m", "pip", "install", "--no-cache-dir", "--no-deps", "--index-url",
        "http://127.0.0.1:" + server.port() + "/snapshot/" + date + "/simple/", "--target", target.toString(), "snappy");
    assertThat(r.exitCode()).as(r.output()).isZero();
    try (var listing = Files.list(target)) {
      return listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dist-info")).findFirst()
          .orElseThrow().replace(".dist-info", "");
    }
  }
}

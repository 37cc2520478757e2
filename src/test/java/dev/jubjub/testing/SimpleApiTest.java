package dev.jubjub.testing;

import static dev.jubjub.testing.SimpleApi.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimpleApiTest {
  private static FakePyPI fake;

  @BeforeAll
  static void start() {
    fake = FakePyPI.start(Universe.generate(1, 60));
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void rootIndexInJsonCarriesSerials() {
    var response = TestHttp.get(fake.simpleUri(), SimpleApi.JSON);
    assertThat(response.headers().firstValue("Content-Type")).contains(SimpleApi.JSON);
    JsonNode root = TestHttp.json(response);
    long serial = fake.universe().serial();
    assertThat(TestHttp.serialHeader(response)).isEqualTo(serial);
    assertThat(root.get("meta").get("_last-serial").asLong()).isEqualTo(serial);
    assertThat(root.get("meta").get("api-version").asText()).startsWith("1.");
    assertThat(root.get("projects")).hasSize(60);
    JsonNode zope = findByName(root.get("projects"), "ZOPE.Interface");
    assertThat(zope.get("_last-serial").asLong()).isEqualTo(fake.universe().require("zope-interface").lastSerial());
  }

  @Test
  void rootIndexInHtmlByDefaultAndForTextHtml() {
    for (String accept : new String[] {null, "text/html", "*/*", "application/json"}) {
      var response = TestHttp.get(fake.simpleUri(), accept);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
      assertThat(new String(response.body(), StandardCharsets.UTF_8))
          .contains("<a href=\"/simple/zope-interface/\">ZOPE.Interface</a>");
    }
    var pipStyle = TestHttp.get(fake.simpleUri(),
        "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01");
    assertThat(pipStyle.headers().firstValue("Content-Type")).contains(SimpleApi.JSON);
  }

  @Test
  void projectPageInJsonHasPep691And658Fields() {
    var response = TestHttp.get(fake.simpleUri().resolve("base-core/"), SimpleApi.JSON);
    UpstreamProject p = fake.universe().require("Base_Core");
    assertThat(TestHttp.serialHeader(response)).isEqualTo(p.lastSerial());
    JsonNode page = TestHttp.json(response);
    assertThat(page.get("name").asText()).isEqualTo("base-core");
    assertThat(page.get("versions")).extracting(JsonNode::asText).containsExactly("1.0.dev3", "1.0", "2.0rc1");
    JsonNode wheel = findFile(page, "base_core-1.0-py3-none-any.whl");
    assertThat(wheel.get("yanked").asText()).isEqualTo("wrong tag");
    assertThat(wheel.get("requires-python").asText()).isEqualTo(">=3.8,<4");
    assertThat(wheel.get("core-metadata").get("sha256").asText()).hasSize(64);
    assertThat(wheel.get("size").asLong()).isEqualTo(p.file("base_core-1.0-py3-none-any.whl").orElseThrow().size());
    assertThat(wheel.get("upload-time").asText()).endsWith("Z");
    assertThat(wheel.get("url").asText()).startsWith(fake.baseUri() + "packages/");
    JsonNode sdist = findFile(page, "base_core-1.0.tar.gz");
    assertThat(sdist.get("core-metadata").asBoolean(true)).isFalse();
    assertThat(sdist.get("yanked").asBoolean(true)).isFalse();
  }

  @Test
  void documentsAreGzippedWhenTheRequestAcceptsGzipAndFilesNever() throws IOException {
    URI[] documents = {fake.simpleUri(), fake.simpleUri().resolve("base-core/"), fake.baseUri().resolve("pypi/Base_Core/json")};
    for (URI uri : documents) {
      var plain = gzipGet(uri, null);
      var gzipped = gzipGet(uri, "gzip, deflate");
      assertThat(plain.headers().firstValue("Content-Encoding")).as(uri.toString()).isEmpty();
      assertThat(gzipped.headers().firstValue("Content-Encoding")).as(uri.toString()).contains("gzip");
      assertThat(gzipped.headers().firstValue("Vary").orElseThrow()).contains("Accept-Encoding");
      assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
      assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
    }
    assertThat(gzipGet(fake.simpleUri(), "gzip;q=0, identity").headers().firstValue("Content-Encoding")).isEmpty();
    UpstreamFile wheel = fake.universe().require("base-core").file("base_core-1.0-py3-none-any.whl").orElseThrow();
    for (String path : List.of(wheel.urlPath(), wheel.urlPath() + ".metadata")) {
      assertThat(gzipGet(fake.baseUri().resolve(path), "gzip").headers().firstValue("Content-Encoding")).isEmpty();
    }
    fake.gzip(false);
    try {
      assertThat(gzipGet(fake.simpleUri(), "gzip").headers().firstValue("Content-Encoding")).isEmpty();
    } finally {
      fake.gzip(true);
    }
  }

  private static HttpResponse<byte[]> gzipGet(URI uri, String acceptEncoding) {
    var request = HttpRequest.newBuilder(uri).header("Accept", JSON);
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    return TestHttp.send(request.build());
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  @Test
  void projectPageInHtmlHasDataAttributes() {
    var response = TestHttp.get(fake.simpleUri().resolve("base-core/"), "text/html");
    String html = new String(response.body(), StandardCharsets.UTF_8);
    UpstreamFile wheel = fake.universe().require("base-core").file("base_core-1.0-py3-none-any.whl").orElseThrow();
    assertThat(html).contains(
        "<a href=\"" + fake.baseUri() + wheel.urlPath() + "#sha256=" + wheel.sha256() + "\" ",
        "data-requires-python=\"&gt;=3.8,&lt;4\"",
        "data-yanked=\"wrong tag\"",
        "data-core-metadata=\"sha256=" + wheel.coreMetadataSha256().orElseThrow() + "\"",
        "data-dist-info-metadata=\"sha256=",
        "<!--SERIAL " + fake.universe().require("base-core").lastSerial() + "-->");
  }

  @Test
  void otherSpellingsRedirectToTheNormalizedPage() {
    for (String path : new String[] {"simple/Base_Core/", "simple/base.core", "simple/base-core"}) {
      var response = TestHttp.get(fake.baseUri().resolve(path));
      assertThat(response.statusCode()).as(path).isEqualTo(301);
      assertThat(response.headers().firstValue("Location")).contains("/simple/base-core/");
    }
    assertThat(TestHttp.get(fake.simpleUri().resolve("no-such-project/")).statusCode()).isEqualTo(404);
  }

  @Test
  void filesAndMetadataAreServedAsOctetStreams() {
    UpstreamFile wheel = fake.universe().require("jubjub-app").file("jubjub_app-1.1.0-py3-none-any.whl").orElseThrow();
    var file = TestHttp.get(fake.baseUri().resolve(wheel.urlPath()));
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(wheel.content());
    assertThat(file.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(file.headers().firstValueAsLong("Content-Length")).hasValue(wheel.size());
    var metadata = TestHttp.get(fake.baseUri().resolve(wheel.urlPath() + ".metadata"));
    assertThat(metadata.body()).isEqualTo(wheel.coreMetadata());
    assertThat(TestHttp.get(fake.baseUri().resolve("packages/00/00/nothing/x.whl")).statusCode()).isEqualTo(404);
    var head = TestHttp.send(HttpRequest.newBuilder(fake.baseUri().resolve(wheel.urlPath()))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(wheel.size());
    assertThat(head.body()).isEmpty();
  }

  @Test
  void servesManyDownloadsAtOnce() {
    List<UpstreamFile> files = fake.universe().files();
    List<CompletableFuture<Boolean>> downloads = files.stream()
        .filter(UpstreamFile::present)
        .map(f -> TestHttp.CLIENT.sendAsync(HttpRequest.newBuilder(fake.baseUri().resolve(f.urlPath())).build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .thenApply(r -> r.statusCode() == 200 && Digests.sha256(r.body()).equals(f.sha256())))
        .toList();
    assertThat(downloads).hasSizeGreaterThan(250);
    assertThat(downloads).allMatch(CompletableFuture::join);
  }

  static JsonNode findByName(JsonNode projects, String name) {
    for (JsonNode p : projects) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no " + name);
  }

  static JsonNode findFile(JsonNode page, String filename) {
    for (JsonNode f : page.get("files")) {
      if (f.get("filename").asText().equals(filename)) {
        return f;
      }
    }
    throw new AssertionError("no " + filename);
  }
}

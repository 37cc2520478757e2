package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonApiTest {
  private static final List<String> FILE_KEYS = List.of("comment_text", "digests", "downloads", "filename",
      "has_sig", "md5_digest", "packagetype", "python_version", "requires_python", "size", "upload_time",
      "upload_time_iso_8601", "url", "yanked", "yanked_reason");

  @Test
  void projectDocumentHasPyPIsShape() {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(1, 60))) {
      var response = TestHttp.get(fake.baseUri().resolve("pypi/ZOPE.Interface/json"));
      UpstreamProject zope = fake.universe().require("zope.interface");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(TestHttp.serialHeader(response)).isEqualTo(zope.lastSerial());
      JsonNode doc = TestHttp.json(response);
      assertThat(doc.fieldNames()).toIterable().containsExactly("info", "last_serial", "releases", "urls", "vulnerabilities");
      assertThat(doc.get("last_serial").asLong()).isEqualTo(zope.lastSerial());
      assertThat(doc.get("info").get("version").asText()).isEqualTo("5.0"); // 5.1.dev3 is a pre-release
      assertThat(doc.get("releases").fieldNames()).toIterable().containsExactly("5.0", "5.1.dev3");
      JsonNode win32 = doc.get("urls").findParents("filename").stream()
          .filter(f -> f.get("filename").asText().endsWith("-win32.whl")).findFirst().orElseThrow();
      assertThat(win32.fieldNames()).toIterable().containsExactlyElementsOf(FILE_KEYS);
      assertThat(win32.get("digests").fieldNames()).toIterable().containsExactly("blake2b_256", "md5", "sha256");
      assertThat(win32.get("packagetype").asText()).isEqualTo("bdist_wheel");
      assertThat(win32.get("python_version").asText()).isEqualTo("cp311");
      assertThat(win32.get("downloads").asInt()).isEqualTo(-1);
      String blake = win32.get("digests").get("blake2b_256").asText();
      assertThat(win32.get("url").asText()).isEqualTo(fake.baseUri() + "packages/" + blake.substring(0, 2) + "/"
          + blake.substring(2, 4) + "/" + blake.substring(4) + "/" + win32.get("filename").asText());
      assertThat(Digests.sha256(TestHttp.get(URI.create(win32.get("url").asText())).body()))
          .isEqualTo(win32.get("digests").get("sha256").asText());
    }
  }

  @Test
  void otherSpellingsRedirectToTheDisplayNameKeepingTheQuery() {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(1, 20))) {
      var response = TestHttp.get(fake.baseUri().resolve("pypi/zope-interface/json?serial=5"));
      assertThat(response.statusCode()).isEqualTo(301);
      assertThat(response.headers().firstValue("Location")).contains("/pypi/ZOPE.Interface/json?serial=5");
      fake.redirectJsonToDisplayName(false);
      assertThat(TestHttp.get(fake.baseUri().resolve("pypi/zope-interface/json")).statusCode()).isEqualTo(200);
      assertThat(TestHttp.get(fake.baseUri().resolve("pypi/no-such/json")).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void queryStringsAreIgnoredAndVersionDocumentsHaveNoReleases() {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(1, 20))) {
      var plain = TestHttp.get(fake.baseUri().resolve("pypi/jubjub-app/json"));
      for (String query : new String[] {"?serial=123", "?123"}) {
        assertThat(TestHttp.get(fake.baseUri().resolve("pypi/jubjub-app/json" + query)).body()).isEqualTo(plain.body());
      }
      JsonNode release = TestHttp.json(TestHttp.get(fake.baseUri().resolve("pypi/jubjub-app/1.0.0/json")));
      assertThat(release.has("releases")).isFalse();
      assertThat(release.get("info").get("version").asText()).isEqualTo("1.0.0");
      assertThat(release.get("urls")).hasSize(2);
      assertThat(TestHttp.get(fake.baseUri().resolve("pypi/jubjub-app/9.9/json")).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void projectWithoutReleasesIsListedButHasNoJsonDocument() {
    Universe u = Universe.generate(1, 20);
    u.addProject("empty-project");
    try (FakePyPI fake = FakePyPI.start(u)) {
      assertThat(TestHttp.get(fake.baseUri().resolve("pypi/empty-project/json")).statusCode()).isEqualTo(404);
      assertThat(TestHttp.get(fake.simpleUri().resolve("empty-project/")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void mutationsShowImmediatelyWithRisingSerials() {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(1, 20))) {
      long before = TestHttp.serialHeader(TestHttp.get(fake.baseUri().resolve("pypi/jubjub-base/json")));
      fake.universe().addRelease("jubjub-base", "1.2.0");
      var after = TestHttp.get(fake.baseUri().resolve("pypi/jubjub-base/json"));
      assertThat(TestHttp.serialHeader(after)).isGreaterThan(before);
      assertThat(TestHttp.json(after).get("info").get("version").asText()).isEqualTo("1.2.0");
      fake.universe().yankRelease("jubjub-base", "1.2.0", "bad");
      JsonNode yanked = TestHttp.json(TestHttp.get(fake.baseUri().resolve("pypi/jubjub-base/json")));
      assertThat(yanked.get("info").get("version").asText()).isEqualTo("1.1.0");
      assertThat(yanked.get("releases").get("1.2.0").get(0).get("yanked_reason").asText()).isEqualTo("bad");
      fake.universe().removeProject("jubjub-base");
      assertThat(TestHttp.get(fake.baseUri().resolve("pypi/jubjub-base/json")).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void staleCacheServesTheOldDocumentUnlessBusted() {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(1, 20))) {
      long old = fake.universe().require("jubjub-mid").lastSerial();
      fake.serveStaleJson("jubjub-mid");
      fake.universe().addRelease("jubjub-mid", "2.0.0");
      var stale = TestHttp.get(fake.baseUri().resolve("pypi/jubjub-mid/json"));
      assertThat(TestHttp.serialHeader(stale)).isEqualTo(old);
      assertThat(TestHttp.json(stale).get("releases").has("2.0.0")).isFalse();
      var fresh = TestHttp.get(fake.baseUri().resolve("pypi/jubjub-mid/json?serial=" + fake.universe().serial()));
      assertThat(TestHttp.serialHeader(fresh)).isGreaterThan(old);
      assertThat(TestHttp.json(fresh).get("releases").has("2.0.0")).isTrue();
      fake.clearStaleJson();
      assertThat(TestHttp.serialHeader(TestHttp.get(fake.baseUri().resolve("pypi/jubjub-mid/json")))).isGreaterThan(old);
    }
  }

  @Test
  void filesCanLiveOnASecondServerOverTheSameUniverse() {
    Universe u = Universe.generate(1, 20);
    try (FakePyPI index = FakePyPI.start(u); FakePyPI files = FakePyPI.startFilesOnly(u)) {
      index.linkFilesTo(files.baseUri());
      JsonNode doc = TestHttp.json(TestHttp.get(index.baseUri().resolve("pypi/jubjub-app/json")));
      String url = doc.get("urls").get(0).get("url").asText();
      assertThat(url).startsWith(files.baseUri().toString());
      assertThat(TestHttp.get(URI.create(url)).statusCode()).isEqualTo(200);
      assertThat(files.requests("/packages/")).isEqualTo(1);
      assertThat(index.requests("/packages/")).isZero();
      assertThat(TestHttp.get(files.simpleUri()).statusCode()).isEqualTo(404);
      // A download mirror serves the same paths as the index.
      String path = URI.create(url).getPath();
      assertThat(TestHttp.get(index.baseUri().resolve(path.substring(1))).statusCode()).isEqualTo(200);
    }
  }
}

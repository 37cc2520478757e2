package dev.jubjub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the recorded pypi.org projects from {@code fixtures/pypi.org} on the test class path:
 * releases from the JSON API documents {@code json/<p>/<version>.json}, bytes from {@code
 * stubbed/} or {@code dists/}, PEP 658 metadata from {@code metadata/}. Parsed once per JVM.
 *
 * <p>Served files keep their recorded name, URL path, sha256 and md5 (the stubs were re-hashed to
 * match). Their {@code size} and {@code blake2b_256} are those of the bytes actually served,
 * since the stubs are smaller than the originals; for absent files both stay as recorded (the
 * blake2b-256 being the hex of the recorded URL path, which PyPI derives from it).
 */
final class Fixtures {
  private static volatile List<UpstreamProject> loaded;

  private Fixtures() {}

  static List<UpstreamProject> projects(boolean completeOnly) {
    List<UpstreamProject> all = loaded;
    if (all == null) {
      all = load(root());
      loaded = all;
    }
    return all.stream().filter(p -> !completeOnly || p.files().stream().allMatch(UpstreamFile::present)).toList();
  }

  static Path root() {
    var url = Fixtures.class.getResource("/fixtures/pypi.org/json");
    if (url == null) {
      throw new IllegalStateException("fixtures/pypi.org is not on the test class path");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<UpstreamProject> load(Path root) {
    List<UpstreamProject> result = new ArrayList<>();
    try (Stream<Path> pages = Files.list(root.resolve("json"))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String key = page.getFileName().toString().replaceFirst("\\.json$", "");
        Path versionsDir = root.resolve("json").resolve(key);
        if (Files.isDirectory(versionsDir)) { // a simple page alone (isort-metadata) has no JSON API
          result.add(project(root, versionsDir));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(result);
  }

  private static UpstreamProject project(Path root, Path versionsDir) throws IOException {
    List<UpstreamRelease> releases = new ArrayList<>();
    String name = null;
    try (Stream<Path> docs = Files.list(versionsDir)) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode json = Json.MAPPER.readTree(doc.toFile());
        ObjectNode info = (ObjectNode) json.get("info");
        name = info.get("name").asText();
        String version = info.get("version").asText();
        List<UpstreamFile> files = new ArrayList<>();
        for (JsonNode url : json.get("urls")) {
          files.add(file(root, version, url));
        }
        boolean yanked = info.path("yanked").asBoolean(false);
        releases.add(new UpstreamRelease(version, files, info, yanked, yanked ? text(info, "yanked_reason") : null));
      }
    }
    return new UpstreamProject(name, releases, 0);
  }

  private static UpstreamFile file(Path root, String version, JsonNode url) throws IOException {
    String filename = url.get("filename").asText();
    String link = url.get("url").asText();
    String urlPath = link.substring(link.indexOf("/packages/") + 1);
    byte[] content = read(root.resolve("stubbed").resolve(filename));
    if (content == null) {
      content = read(root.resolve("dists").resolve(filename));
    }
    byte[] metadata = read(root.resolve("metadata").resolve(filename + ".metadata"));
    String recordedBlake = urlPath.split("/")[1] + urlPath.split("/")[2] + urlPath.split("/")[3];
    boolean yanked = url.path("yanked").asBoolean(false);
    return new UpstreamFile(
        filename,
        version,
        url.get("packagetype").asText(),
        url.get("python_version").asText(),
        text(url, "requires_python"),
        content != null ? content.length : url.get("size").asLong(),
        url.get("digests").get("sha256").asText(),
        url.get("digests").get("md5").asText(),
        content != null ? Digests.blake2b256(content) : recordedBlake,
        Instant.parse(url.get("upload_time_iso_8601").asText()),
        yanked,
        yanked ? text(url, "yanked_reason") : null,
        urlPath,
        content,
        metadata);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static byte[] read(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }
}

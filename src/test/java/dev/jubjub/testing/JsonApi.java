package dev.jubjub.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** PyPI's JSON API documents: {@code /pypi/<project>/json} and {@code /pypi/<project>/<version>/json}. */
final class JsonApi {
  private JsonApi() {}

  static Optional<Response> project(UpstreamProject p, String filesBase) {
    return project(p, filesBase, false);
  }

  /**
   * Empty when the project has no release at all: PyPI answers 404 then.
   *
   * @param coreMetadata give each file the PEP 658/714 {@code core-metadata} key, as pypi.org's
   *     JSON API does since June 2026 (warehouse pull request 20193)
   */
  static Optional<Response> project(UpstreamProject p, String filesBase, boolean coreMetadata) {
    return p.latestRelease().map(latest -> {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.set("info", info(p, latest));
      root.put("last_serial", p.lastSerial());
      ObjectNode releases = root.putObject("releases");
      for (UpstreamRelease r : p.releases()) {
        ArrayNode files = releases.putArray(r.version());
        r.files().forEach(f -> files.add(file(f, filesBase, coreMetadata)));
      }
      root.set("urls", urls(latest, filesBase, coreMetadata));
      root.putArray("vulnerabilities");
      return respond(root, p);
    });
  }

  /** Since 2023 PyPI's per-version document has no {@code releases}. */
  static Response release(UpstreamProject p, UpstreamRelease r, String filesBase) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.set("info", info(p, r));
    root.put("last_serial", p.lastSerial());
    root.set("urls", urls(r, filesBase, false));
    root.putArray("vulnerabilities");
    return respond(root, p);
  }

  private static Response respond(ObjectNode root, UpstreamProject p) {
    return Response.ok("application/json", Json.bytes(root))
        .withSerial(p.lastSerial())
        .withHeader("Access-Control-Allow-Origin", "*");
  }

  private static ObjectNode info(UpstreamProject p, UpstreamRelease r) {
    ObjectNode info = r.info().deepCopy();
    info.put("name", p.name());
    info.put("version", r.version());
    info.put("yanked", r.yanked());
    info.put("yanked_reason", r.yanked() ? r.yankedReason() : null);
    return info;
  }

  private static ArrayNode urls(UpstreamRelease r, String filesBase, boolean coreMetadata) {
    ArrayNode urls = Json.MAPPER.createArrayNode();
    r.files().forEach(f -> urls.add(file(f, filesBase, coreMetadata)));
    return urls;
  }

  /** A file dict with pypi.org's keys, in its (alphabetical) order. */
  static ObjectNode file(UpstreamFile f, String filesBase, boolean coreMetadata) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("comment_text", "");
    if (coreMetadata) {
      f.coreMetadataSha256().ifPresentOrElse(
          sha -> node.putObject("core-metadata").put("sha256", sha),
          () -> node.put("core-metadata", false));
    }
    node.putObject("digests")
        .put("blake2b_256", f.blake2b256())
        .put("md5", f.md5())
        .put("sha256", f.sha256());
    node.put("downloads", -1);
    node.put("filename", f.filename());
    node.put("has_sig", false);
    node.put("md5_digest", f.md5());
    node.put("packagetype", f.packagetype());
    node.put("python_version", f.pythonVersion());
    node.put("requires_python", SimpleApi.requiresPython(f));
    node.put("size", f.size());
    node.put("upload_time", Json.seconds(f.uploadTime()));
    node.put("upload_time_iso_8601", Json.isoZ(f.uploadTime()));
    node.put("url", SimpleApi.url(f, filesBase));
    node.put("yanked", f.yanked());
    node.put("yanked_reason", f.yanked() ? f.yankedReason() : null);
    return node;
  }
}

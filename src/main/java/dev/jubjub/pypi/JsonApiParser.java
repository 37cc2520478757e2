package dev.jubjub.pypi;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses PyPI's JSON API ({@code /pypi/<project>/json}) into {@link ProjectMetadata}, refusing
 * anything a hostile upstream could use to escape the mirror or mislead clients.
 */
public final class JsonApiParser {
  /** Shared, thread-safe; the nesting bound stops a hostile document from exhausting the stack. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(64).build())
                  .build())
          .build();

  private JsonApiParser() {}

  /**
   * @param expected the project the caller asked for; the response must be about it
   * @param coreMetadata sha256 of PEP 658 metadata files by file name, from the simple API; a
   *     file not named there keeps the hash the document itself gives (pypi.org's JSON API has
   *     carried {@code core-metadata} since June 2026)
   */
  public static ProjectMetadata parse(
      ProjectName expected, byte[] body, Map<String, String> coreMetadata)
      throws MetadataException {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new MetadataException(
          "project " + expected + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new MetadataException("project " + expected + ": unreadable JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new MetadataException("project " + expected + ": JSON API response is not an object");
    }
    String name = text(root.path("info").path("name"), "info.name", expected);
    if (!ProjectName.isValid(name)
        || !ProjectName.normalize(name).equals(expected.normalized())) {
      throw new MetadataException(
          "project " + expected + ": JSON API answered for another project "
              + ProjectName.printable(name));
    }
    JsonNode serial = root.path("last_serial");
    if (!serial.canConvertToLong() || serial.asLong() < 0) {
      throw new MetadataException("project " + expected + ": missing or bad last_serial");
    }
    JsonNode releases = root.path("releases");
    if (!releases.isObject()) {
      throw new MetadataException("project " + expected + ": missing releases");
    }
    Map<String, List<DistFile>> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> release : releases.properties()) {
      if (!release.getValue().isArray()) {
        throw new MetadataException(
            "project " + expected + ": release " + ProjectName.printable(release.getKey())
                + " is not a list");
      }
      List<DistFile> files = new ArrayList<>();
      for (JsonNode file : release.getValue()) {
        files.add(file(expected, release.getKey(), file, coreMetadata));
      }
      parsed.put(release.getKey(), List.copyOf(files));
    }
    return new ProjectMetadata(ProjectName.of(name), serial.asLong(), parsed, root);
  }

  private static DistFile file(
      ProjectName project, String version, JsonNode f, Map<String, String> coreMetadata)
      throws MetadataException {
    String filename = text(f.path("filename"), "filename", project);
    String url = text(f.path("url"), "url of " + filename, project);
    try {
      return new DistFile(
          version,
          filename,
          new URI(url),
          packagePath(url),
          text(f.path("digests").path("sha256"), "sha256 of " + filename, project),
          f.path("size").asLong(-1),
          f.path("upload_time_iso_8601").asText(""),
          f.path("requires_python").isTextual() ? Optional.of(f.path("requires_python").asText()) : Optional.empty(),
          f.path("yanked").asBoolean(false),
          optionalText(f.path("yanked_reason")),
          f.path("packagetype").asText(""),
          Optional.ofNullable(coreMetadata.get(filename)).or(() -> coreMetadataOf(f)));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new MetadataException("project " + project + ": " + e.getMessage(), e);
    }
  }

  /** A file entry's PEP 714 {@code core-metadata} (or PEP 658 {@code data-dist-info-metadata}) sha256. */
  private static Optional<String> coreMetadataOf(JsonNode file) {
    JsonNode hashes = file.path("core-metadata");
    if (!hashes.isObject()) {
      hashes = file.path("data-dist-info-metadata");
    }
    String sha = hashes.path("sha256").asText("");
    return Sha256.isHex(sha) ? Optional.of(sha) : Optional.empty();
  }

  /**
   * Whether the document says of every file whether it has core metadata, with a usable sha256
   * or an explicit {@code false}: then the PEP 691 page has nothing to add. {@code true}, another
   * digest or a malformed one leaves the page to say. A document without files needs no page.
   */
  public static boolean carriesCoreMetadata(JsonNode root) {
    for (JsonNode files : root.path("releases")) {
      for (JsonNode file : files) {
        JsonNode says = file.has("core-metadata") ? file.get("core-metadata") : file.path("data-dist-info-metadata");
        boolean saysNone = says.isBoolean() && !says.asBoolean();
        if (!saysNone && coreMetadataOf(file).isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The part of a file URL after {@code /packages/}, percent-decoded, as bandersnatch maps URLs
   * to {@code web/packages/...}. The result is checked by {@link DistFile}.
   */
  public static String packagePath(String url) throws URISyntaxException {
    URI uri = new URI(url);
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException("file URL is not http(s): " + ProjectName.printable(url));
    }
    String rawPath = uri.getRawPath();
    if (rawPath == null || !rawPath.startsWith("/packages/")) {
      throw new IllegalArgumentException(
          "file URL is not below /packages/: " + ProjectName.printable(url));
    }
    return URLDecoder.decode(
        rawPath.substring("/packages/".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String text(JsonNode node, String what, ProjectName project)
      throws MetadataException {
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw new MetadataException("project " + project + ": missing " + what);
    }
    return node.asText();
  }

  private static Optional<String> optionalText(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty()
        ? Optional.of(node.asText())
        : Optional.empty();
  }
}

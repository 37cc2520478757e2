package dev.jubjub.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.DistFilename;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.pypi.Serial;
import dev.jubjub.pypi.Version;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A project's simple page as of a past moment (a dated snapshot), from its current PEP 691 page:
 * only the files uploaded before then, rendered by {@link SimplePages}. The page is read, not
 * upstream: what the mirror never had (a file deleted upstream before a sync saw it, a file the
 * filters leave out) is not in a snapshot either, and yanks are as they are now.
 *
 * @param files the files uploaded before the moment, in the page's order
 * @param pages renders them with links that resolve from {@code /snapshot/<date>/simple/<project>/}
 */
public record SnapshotPages(ProjectMetadata project, List<DistFile> files, SimplePages pages) {
  /** Files are rendered from their path below {@code packages/}; their upstream URL is not needed. */
  private static final URI UNUSED = URI.create("https://snapshot.invalid/");
  /** A relative link from the snapshot's project page climbs two levels more than one from /simple/. */
  private static final String RELATIVE = "../..";

  public SnapshotPages {
    Objects.requireNonNull(project, "project");
    files = List.copyOf(files);
  }

  public String html() {
    return pages.html(project, files);
  }

  public String json() {
    return pages.json(project, files);
  }

  /**
   * @param page a PEP 691 page as jubjub writes it
   * @param cutoff files uploaded at or after this are left out; undated files stay
   * @return empty when no file was uploaded before {@code cutoff}
   */
  public static Optional<SnapshotPages> asOf(byte[] page, Instant cutoff) throws IOException {
    JsonNode root = JsonApiParser.MAPPER.readTree(page);
    String name = root == null ? "" : root.path("name").asText("");
    if (!ProjectName.isValid(name)) {
      return Optional.empty();
    }
    List<DistFile> files = new ArrayList<>();
    String prefix = null;
    for (JsonNode f : root.path("files")) {
      String url = f.path("url").asText("");
      int at = url.indexOf("/packages/");
      if (at < 0 || !DatedFiles.uploadedBefore(f.path("upload-time").asText(""), cutoff)) {
        continue;
      }
      try {
        files.add(file(f, url.substring(at + "/packages/".length())));
        prefix = prefix == null ? url.substring(0, at) : prefix;
      } catch (IllegalArgumentException e) {
        continue; // not a file entry jubjub writes: left out rather than failing the page
      }
    }
    if (files.isEmpty()) {
      return Optional.empty();
    }
    String linkRoot = prefix.equals(RELATIVE) ? RELATIVE + "/" + RELATIVE : prefix;
    ProjectMetadata project = new ProjectMetadata(ProjectName.of(name),
        Math.max(0, Serial.parse(root.path("meta").path("_last-serial").asText(""))),
        releases(root.path("versions"), files), root);
    return Optional.of(new SnapshotPages(project, files, new SimplePages(Optional.of(linkRoot))));
  }

  private static DistFile file(JsonNode f, String packagePath) {
    JsonNode yanked = f.path("yanked");
    JsonNode requiresPython = f.path("requires-python");
    String metadata = f.path("core-metadata").path("sha256").asText("");
    String filename = f.path("filename").asText("");
    return new DistFile(
        DistFilename.tryParse(filename).map(DistFilename::version).orElse(""),
        filename,
        UNUSED,
        packagePath,
        f.path("hashes").path("sha256").asText(""),
        f.path("size").asLong(0),
        f.path("upload-time").asText(""),
        requiresPython.isTextual() ? Optional.of(requiresPython.asText()) : Optional.empty(),
        yanked.isTextual() || yanked.asBoolean(false),
        yanked.isTextual() && !yanked.asText().isEmpty() ? Optional.of(yanked.asText()) : Optional.empty(),
        "",
        metadata.isEmpty() ? Optional.empty() : Optional.of(metadata));
  }

  /**
   * The listed versions that a remaining file belongs to (by the version its name carries): a
   * version whose files all came later was not a version yet.
   */
  private static Map<String, List<DistFile>> releases(JsonNode versions, List<DistFile> files) {
    Map<Object, List<DistFile>> byVersion = new LinkedHashMap<>();
    for (DistFile f : files) {
      byVersion.computeIfAbsent(versionKey(f.version()), k -> new ArrayList<>()).add(f);
    }
    Map<String, List<DistFile>> releases = new LinkedHashMap<>();
    for (JsonNode v : versions) {
      List<DistFile> own = byVersion.get(versionKey(v.asText("")));
      if (own != null) {
        releases.put(v.asText(""), own);
      }
    }
    return releases;
  }

  /** PEP 440 equality where both parse ({@code 1.0} is {@code 1.0.0}), else the text. */
  private static Object versionKey(String version) {
    return Version.tryParse(version).<Object>map(v -> v).orElse(version);
  }
}

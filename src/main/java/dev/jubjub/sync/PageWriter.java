package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.index.PageMarkers;
import dev.jubjub.index.PythonJson;
import dev.jubjub.index.SimplePages;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.pypi.ProjectStatus;
import dev.jubjub.pypi.Serial;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes what clients read for one project: the JSON API copies, then the simple pages (kept as
 * versions with keep_index_versions), {@code index.v1_json} last; and removes bandersnatch's
 * legacy raw-name directories with {@code cleanup}.
 */
final class PageWriter {
  private static final DateTimeFormatter VERSION_STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private final Storage storage;
  private final SyncOptions options;
  private final MirrorLayout layout;
  private final SimplePages pages;
  private final DiffList diff;
  private final SyncStats stats;

  PageWriter(Storage storage, SyncOptions options, MirrorLayout layout, DiffList diff, SyncStats stats) {
    this.storage = storage;
    this.options = options;
    this.layout = layout;
    this.pages = new SimplePages(options.rootUri());
    this.diff = diff;
    this.stats = stats;
  }

  /** Writes a project's JSON copies and simple pages, in an order a crash cannot make wrong. */
  void write(ProjectMetadata project, List<DistFile> files, String dir)
      throws IOException {
    write(project, files, dir, PageMarkers.NONE);
  }

  /** @param markers the project's status and which files have a provenance object */
  void write(ProjectMetadata project, List<DistFile> files, String dir, PageMarkers markers)
      throws IOException {
    String normalized = project.name().normalized();
    if (options.json()) {
      if (options.coreMetadata()) {
        describeCoreMetadata(project.json(), files);
      }
      writeJsonCopies(project, MirrorLayout.jsonFile(normalized), MirrorLayout.pypiJsonFile(normalized));
    }
    writeSimplePages(project, files, dir, markers);
  }

  /**
   * A quarantined project's pages: its status, no files, no versions. No JSON copies: upstream's
   * JSON API answers 404 for it, and so does the mirror's.
   */
  void writeQuarantined(ProjectName name, long serial, ProjectStatus status, String dir) throws IOException {
    ProjectMetadata empty = new ProjectMetadata(name, serial, Map.of(), NullNode.getInstance());
    writeSimplePages(empty, List.of(), dir, new PageMarkers(status, Set.of()));
  }

  private void writeSimplePages(ProjectMetadata project, List<DistFile> files, String dir, PageMarkers markers)
      throws IOException {
    SyncOptions.SimpleFormat format = options.simpleFormat();
    String stamp = VERSION_STAMP.format(Instant.now());
    // index.v1_json is written last: the skip check reads the serial from it first, so a run
    // killed between pages sees the old serial there and writes all pages again.
    if (format.html()) {
      byte[] html = pages.html(project, files, markers).getBytes(StandardCharsets.UTF_8);
      writeVersioned(dir, "index.v1_html", project.lastSerial(), stamp, html);
      writeVersioned(dir, "index.html", project.lastSerial(), stamp, html);
    } else {
      delete(dir + "/index.v1_html");
      delete(dir + "/index.html");
    }
    if (format.json()) {
      byte[] json = pages.json(project, files, markers).getBytes(StandardCharsets.UTF_8);
      writeVersioned(dir, "index.v1_json", project.lastSerial(), stamp, json);
    } else {
      delete(dir + "/index.v1_json");
    }
    if (options.cleanup()) {
      removeLegacyDirectory(project.name());
    }
  }

  /**
   * Writes a page; with keep_index_versions, also keeps it as {@code versions/index_<serial>_<time>}
   * and drops all but the newest N, as bandersnatch does. bandersnatch symlinks the page to its
   * newest version; a copy serves the same bytes and works on object storage too.
   */
  private void writeVersioned(String dir, String page, long serial, String stamp, byte[] data)
      throws IOException {
    int keep = options.keepIndexVersions();
    if (keep > 0) {
      String suffix = page.substring("index".length());
      write(dir + "/versions/index_" + serial + "_" + stamp + suffix, data);
      List<String> versions = storage.list(dir + "/versions").stream()
          .map(Storage.Entry::name)
          .filter(n -> n.startsWith("index_") && n.endsWith(suffix))
          .sorted(Comparator.comparing(PageWriter::versionOrder))
          .toList();
      for (int i = 0; i < versions.size() - keep; i++) {
        delete(dir + "/versions/" + versions.get(i));
      }
    }
    write(dir + "/" + page, data);
  }

  /** Orders {@code index_<serial>_<time>.<ext>} by serial, then time. */
  private static String versionOrder(String name) {
    String[] parts = name.split("_", 3);
    return parts.length < 3 ? name : String.format("%020d_%s", Math.max(0, Serial.parse(parts[1])), parts[2]);
  }


  /**
   * bandersnatch before 4.0 also kept pages under the project's raw name ({@code simple/Foo.Bar/});
   * {@code cleanup} removes them once the PEP 503 directory exists.
   */
  private void removeLegacyDirectory(ProjectName name) throws IOException {
    // A case-only difference could be the same directory on a case-insensitive file system.
    if (name.display().equalsIgnoreCase(name.normalized())) {
      return;
    }
    String legacy = layout.simpleDirectory(name.display());
    if (legacy.equals(layout.simpleDirectory(name.normalized()))) {
      return;
    }
    for (Storage.Entry entry : storage.list(legacy)) {
      if (!entry.directory()) {
        delete(legacy + "/" + entry.name());
      }
    }
    for (Storage.Entry entry : storage.list(legacy + "/versions")) {
      delete(legacy + "/versions/" + entry.name());
    }
  }

  /**
   * Makes each file entry of the JSON copy say whether the mirror has its core metadata, as
   * pypi.org's JSON API does since June 2026: bandersnatch's {@code verify --delete} counts a
   * {@code .metadata} file as owned only when the copy gives its hash, so without this it would
   * delete the metadata files jubjub took from an older upstream's PEP 691 pages.
   */
  static void describeCoreMetadata(JsonNode root, List<DistFile> files) {
    Map<String, DistFile> byName = new HashMap<>();
    files.forEach(f -> byName.put(f.filename(), f));
    for (JsonNode release : root.path("releases")) {
      release.forEach(entry -> describeCoreMetadata(entry, byName));
    }
    root.path("urls").forEach(entry -> describeCoreMetadata(entry, byName));
  }

  private static void describeCoreMetadata(JsonNode entry, Map<String, DistFile> files) {
    DistFile file = files.get(entry.path("filename").asText(""));
    if (file == null || !(entry instanceof ObjectNode node)) {
      return;
    }
    if (file.hasCoreMetadata()) {
      if (!file.coreMetadataSha256().get().equals(node.path("core-metadata").path("sha256").asText(""))) {
        node.putObject("core-metadata").put("sha256", file.coreMetadataSha256().get());
      }
    } else if (node.path("core-metadata").isObject()) {
      node.put("core-metadata", false); // upstream has one, but could not give it
    }
  }

  /**
   * Both JSON copies from one streaming pass: a document of a hundred MB is never held again as
   * text, nor serialized twice.
   */
  private void writeJsonCopies(ProjectMetadata project, String first, String second) throws IOException {
    try (Storage.PendingFile a = storage.create(first);
        Storage.PendingFile b = storage.create(second)) {
      PythonJson.PRETTY_SORTED.write(project.json(), new TeeOutputStream(a.stream(), b.stream()));
      a.commit();
      b.commit();
    }
    diff.add(storage.describe(first));
    diff.add(storage.describe(second));
  }

  private void write(String path, byte[] data) throws IOException {
    storage.write(path, data);
    diff.add(storage.describe(path));
  }

  /** Copies a page to another path of the tree. */
  void copy(String from, String to) throws IOException {
    write(to, storage.readAllBytes(from));
  }

  /** Deletes a file of the tree, counting it and noting it for the diff-file. */
  void delete(String path) throws IOException {
    if (storage.delete(path)) {
      diff.add(storage.describe(path));
      if (path.startsWith("web/packages/")) {
        stats.filesDeleted.incrementAndGet();
      }
    }
  }
}

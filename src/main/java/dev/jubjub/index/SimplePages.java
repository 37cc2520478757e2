package dev.jubjub.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectStatus;
import java.util.List;
import java.util.Optional;

/**
 * A project's simple pages: PEP 503 HTML (with PEP 592 yanked, PEP 658/714 core-metadata and
 * requires-python attributes) and PEP 691 JSON with the PEP 700 fields, in bandersnatch's bytes,
 * plus what bandersnatch does not write: the PEP 792 project status (active is not written, as
 * it is the default) and PEP 740 provenance links. Files are linked relative to the page ({@code
 * ../../packages/...}) or below {@code root_uri}.
 */
public final class SimplePages {
  /**
   * The simple API version the pages implement, in HTML (PEP 629 meta) and JSON alike: 1.1 the
   * PEP 700 fields, 1.2 PEP 708 (whose keys are optional and not written: the mirror is one
   * index), 1.3 PEP 740 provenance, 1.4 PEP 792 project status.
   */
  public static final String API_VERSION = "1.4";
  static final String REPOSITORY_VERSION = API_VERSION;

  private final Optional<String> rootUri;

  public SimplePages(Optional<String> rootUri) {
    this.rootUri = rootUri.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  public String href(DistFile file) {
    return rootUri.orElse("../..") + "/packages/" + file.packagePath();
  }

  /** Where the mirror serves a file's provenance object. */
  public String provenanceHref(DistFile file) {
    return href(file) + ".provenance";
  }

  public String html(ProjectMetadata project, List<DistFile> files) {
    return html(project, files, PageMarkers.NONE);
  }

  public String html(ProjectMetadata project, List<DistFile> files, PageMarkers markers) {
    StringBuilder out = new StringBuilder(256 + files.size() * 200);
    out.append("<!DOCTYPE html>\n<html>\n  <head>\n")
        .append("    <meta name=\"pypi:repository-version\" content=\"")
        .append(REPOSITORY_VERSION)
        .append("\">\n");
    statusMeta(markers.status(), out);
    out.append("    <title>Links for ")
        .append(Html.escape(project.name().display()))
        .append("</title>\n  </head>\n  <body>\n    <h1>Links for ")
        .append(Html.escape(project.name().display()))
        .append("</h1>\n");
    for (int i = 0; i < files.size(); i++) {
      DistFile f = files.get(i);
      out.append("    <a href=\"")
          .append(href(f))
          .append("#sha256=")
          .append(f.sha256())
          .append('"');
      f.requiresPython()
          .ifPresent(r -> out.append(" data-requires-python=\"").append(Html.escape(r)).append('"'));
      f.coreMetadataSha256()
          .ifPresent(
              h ->
                  out.append(" data-core-metadata=\"sha256=")
                      .append(h)
                      .append("\" data-dist-info-metadata=\"sha256=")
                      .append(h)
                      .append('"'));
      if (markers.provenance().contains(f.filename())) {
        out.append(" data-provenance=\"").append(Html.escape(provenanceHref(f))).append('"');
      }
      if (f.yanked()) {
        out.append(" data-yanked=\"").append(Html.escape(f.yankedReason().orElse(""))).append('"');
      }
      out.append('>').append(Html.escape(f.filename())).append("</a><br/>");
      if (i < files.size() - 1) {
        out.append('\n');
      }
    }
    return out.append("\n  </body>\n</html>\n<!--SERIAL ")
        .append(project.lastSerial())
        .append("-->")
        .toString();
  }

  /**
   * PEP 691 JSON. Unlike bandersnatch, a yanked file carries its reason as the {@code yanked}
   * value when upstream gave one (PEP 691 allows a string), so pip can show it.
   */
  /** PEP 792 in HTML: the status and its reason as meta tags, none for the default, active. */
  private static void statusMeta(ProjectStatus status, StringBuilder out) {
    if (status.active() && status.reason().isEmpty()) {
      return;
    }
    out.append("    <meta name=\"pypi:project-status\" content=\"").append(status.status()).append("\">\n");
    status.reason().ifPresent(r -> out.append("    <meta name=\"pypi:project-status-reason\" content=\"")
        .append(Html.escape(r)).append("\">\n"));
  }

  public String json(ProjectMetadata project, List<DistFile> files) {
    return json(project, files, PageMarkers.NONE);
  }

  public String json(ProjectMetadata project, List<DistFile> files, PageMarkers markers) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode page = f.objectNode();
    ArrayNode fileNodes = page.putArray("files");
    for (DistFile file : files) {
      ObjectNode node = fileNodes.addObject();
      node.put("filename", file.filename());
      node.putObject("hashes").put("sha256", file.sha256());
      file.requiresPython()
          .ifPresentOrElse(r -> node.put("requires-python", r), () -> node.putNull("requires-python"));
      node.put("size", file.size());
      node.put("upload-time", file.uploadTime());
      node.put("url", href(file));
      if (file.yanked() && file.yankedReason().isPresent()) {
        node.put("yanked", file.yankedReason().get());
      } else {
        node.put("yanked", file.yanked());
      }
      file.coreMetadataSha256().ifPresent(h -> node.putObject("core-metadata").put("sha256", h));
      if (markers.provenance().contains(file.filename())) {
        node.put("provenance", provenanceHref(file));
      }
    }
    page.putObject("meta")
        .put("api-version", API_VERSION)
        .put("_last-serial", Long.toString(project.lastSerial()));
    page.put("name", project.name().normalized());
    if (!markers.status().active() || markers.status().reason().isPresent()) {
      ObjectNode status = page.putObject("project-status").put("status", markers.status().status());
      markers.status().reason().ifPresent(r -> status.put("reason", r));
    }
    ArrayNode versions = page.putArray("versions");
    project.releases().keySet().stream().sorted().forEach(versions::add);
    return PythonJson.COMPACT.write(page);
  }
}

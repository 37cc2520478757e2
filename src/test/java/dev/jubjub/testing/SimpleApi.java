package dev.jubjub.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PyPI's simple repository API (PEP 503 HTML, PEP 691 JSON, PEP 658/714 metadata attributes),
 * rendered like warehouse's templates and {@code _simple_detail}.
 */
final class SimpleApi {
  static final String JSON = "application/vnd.pypi.simple.v1+json";
  static final String V1_HTML = "application/vnd.pypi.simple.v1+html";
  static final String HTML = "text/html";
  static final String API_VERSION = "1.4";
  /** Warehouse's offers in its order of preference: equal q-values go to the earlier one. */
  private static final List<String> OFFERS = List.of(HTML, V1_HTML, JSON);

  private SimpleApi() {}

  /** Picks the content type like warehouse ({@code acceptable_offers}, default text/html). */
  static String negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return HTML;
    }
    String best = HTML;
    double bestQ = 0;
    for (String offer : OFFERS) {
      double q = quality(accept, offer);
      if (q > bestQ) {
        best = offer;
        bestQ = q;
      }
    }
    return best;
  }

  /** The q of the most specific media range in {@code accept} that matches {@code offer}. */
  private static double quality(String accept, String offer) {
    double q = 0;
    int specificity = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      int s = type.equals(offer) ? 2 : type.equals(offer.substring(0, offer.indexOf('/')) + "/*") ? 1 : type.equals("*/*") ? 0 : -1;
      if (s > specificity) {
        specificity = s;
        q = 1;
        for (int i = 1; i < parts.length; i++) {
          String p = parts[i].trim();
          if (p.startsWith("q=")) {
            try {
              q = Double.parseDouble(p.substring(2));
            } catch (NumberFormatException e) {
              q = 0; // an unparseable q makes the range unacceptable, not the request invalid
            }
          }
        }
      }
    }
    return q;
  }

  static Response index(Universe.Listing listing, String contentType) {
    if (contentType.equals(JSON)) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.putObject("meta").put("api-version", API_VERSION).put("_last-serial", listing.serial());
      ArrayNode projects = root.putArray("projects");
      listing.projects().forEach(p -> projects.addObject().put("name", p.name()).put("_last-serial", p.lastSerial()));
      return Response.ok(JSON, Json.bytes(root)).withSerial(listing.serial());
    }
    var html = new StringBuilder(head("Simple index", List.of()));
    for (UpstreamProject p : listing.projects()) {
      html.append("      <a href=\"/simple/").append(escape(p.normalizedName())).append("/\">")
          .append(escape(p.name())).append("</a>\n");
    }
    html.append("  </body>\n</html>\n");
    return html(contentType, html).withSerial(listing.serial());
  }

  /**
   * What warehouse's page says beyond the files: the PEP 792 status and each file's PEP 740
   * provenance URL.
   */
  record Extras(Universe.Status status, java.util.function.Function<UpstreamFile, Optional<String>> provenance) {
    static final Extras NONE = new Extras(Universe.Status.ACTIVE, f -> Optional.empty());
  }

  static Response project(UpstreamProject p, String contentType, String filesBase) {
    return project(p, contentType, filesBase, Extras.NONE);
  }

  /** A quarantined project's page lists no files and no versions, as warehouse's does. */
  static Response project(UpstreamProject p, String contentType, String filesBase, Extras extras) {
    boolean quarantined = extras.status().quarantined();
    List<UpstreamFile> listed = quarantined ? List.of() : p.files();
    if (contentType.equals(JSON)) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.putObject("meta").put("api-version", API_VERSION).put("_last-serial", p.lastSerial());
      root.put("name", p.normalizedName());
      ArrayNode versions = root.putArray("versions");
      if (!quarantined) {
        p.versionsWithFiles().forEach(versions::add);
      }
      root.putArray("alternate-locations");
      ArrayNode files = root.putArray("files");
      listed.forEach(f -> files.add(file(f, filesBase, extras.provenance().apply(f))));
      ObjectNode status = root.putObject("project-status").put("status", extras.status().status());
      if (extras.status().reason() != null) {
        status.put("reason", extras.status().reason());
      }
      return Response.ok(JSON, Json.bytes(root)).withSerial(p.lastSerial());
    }
    String name = escape(p.normalizedName());
    List<String> meta = new ArrayList<>();
    meta.add("<meta name=\"pypi:project-status\" content=\"" + escape(extras.status().status()) + "\">");
    if (extras.status().reason() != null) {
      meta.add("<meta name=\"pypi:project-status-reason\" content=\"" + escape(extras.status().reason()) + "\">");
    }
    var html = new StringBuilder(head("Links for " + name, meta));
    html.append("    <h1>Links for ").append(name).append("</h1>\n");
    for (UpstreamFile f : listed) {
      html.append("    <a href=\"").append(escape(url(f, filesBase))).append("#sha256=").append(f.sha256()).append("\" ");
      if (requiresPython(f) != null) {
        html.append("data-requires-python=\"").append(escape(requiresPython(f))).append("\" ");
      }
      extras.provenance().apply(f).ifPresent(u -> html.append("data-provenance=\"").append(escape(u)).append("\" "));
      if (f.yanked()) {
        html.append("data-yanked=\"").append(escape(nullToEmpty(f.yankedReason()))).append("\" ");
      }
      f.coreMetadataSha256().ifPresent(sha -> html.append("data-dist-info-metadata=\"sha256=").append(sha)
          .append("\" data-core-metadata=\"sha256=").append(sha).append('"'));
      html.append('>').append(escape(f.filename())).append("</a><br />\n");
    }
    html.append("  </body>\n</html>\n<!--SERIAL ").append(p.lastSerial()).append("-->\n");
    return html(contentType, html).withSerial(p.lastSerial());
  }

  private static ObjectNode file(UpstreamFile f, String filesBase, Optional<String> provenance) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("filename", f.filename());
    node.put("url", url(f, filesBase));
    node.putObject("hashes").put("md5", f.md5()).put("sha256", f.sha256());
    node.put("requires-python", requiresPython(f));
    node.put("size", f.size());
    node.put("upload-time", Json.isoZ(f.uploadTime()));
    // PEP 592 as warehouse writes it: the reason when there is one, else a boolean.
    if (f.yanked() && f.yankedReason() != null && !f.yankedReason().isEmpty()) {
      node.put("yanked", f.yankedReason());
    } else {
      node.put("yanked", f.yanked());
    }
    for (String key : List.of("data-dist-info-metadata", "core-metadata")) {
      f.coreMetadataSha256().ifPresentOrElse(sha -> node.putObject(key).put("sha256", sha), () -> node.put(key, false));
    }
    provenance.ifPresentOrElse(u -> node.put("provenance", u), () -> node.putNull("provenance"));
    return node;
  }

  static String url(UpstreamFile f, String filesBase) {
    return f.urlPath().contains("://") ? f.urlPath() : filesBase + f.urlPath();
  }

  /** Warehouse shows an empty Requires-Python as none at all. */
  static String requiresPython(UpstreamFile f) {
    return f.requiresPython() == null || f.requiresPython().isEmpty() ? null : f.requiresPython();
  }

  private static String head(String title, List<String> extraMeta) {
    var head = new ArrayList<String>();
    head.add("<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n");
    head.add("    <meta name=\"pypi:repository-version\" content=\"" + API_VERSION + "\">\n");
    extraMeta.forEach(m -> head.add("    " + m + "\n"));
    head.add("    <title>" + title + "</title>\n  </head>\n  <body>\n");
    return String.join("", head);
  }

  private static Response html(String contentType, StringBuilder html) {
    String type = contentType.equals(HTML) ? "text/html; charset=utf-8" : contentType;
    return Response.ok(type, html.toString().getBytes(StandardCharsets.UTF_8)).withHeader("Vary", "Accept");
  }

  /** Jinja's autoescape. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&#34;").replace("'", "&#39;");
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}

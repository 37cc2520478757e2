package dev.jubjub.ui;

import dev.jubjub.pypi.ProjectStatus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.DistFilename;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.pypi.Version;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /project/<name>/}: a project as its JSON API copy describes it. The parts around the
 * download chart are rendered once per copy ({@link #of}); the chart, which changes with every
 * download, is put between them for each request ({@link #page}).
 *
 * @param head the page up to the chart
 * @param tail the page after the chart: description, dependencies, versions and files
 */
public record ProjectPage(String head, String tail) {
  /**
   * What one page shows at most, so that it stays fast to render and small enough to keep (a
   * project of 20,000 files made an 8 MB page, rendered again on each request): the newest
   * releases, their files up to a total, and the start of a long summary or description. The
   * simple page and the JSON API copy hold the rest.
   */
  static final int MAX_RELEASES_LISTED = 500;
  static final int MAX_FILES_LISTED = 1000;
  static final int MAX_SUMMARY = 2000;
  static final int MAX_DESCRIPTION = 512 * 1024;

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  /** The project name a PEP 508 requirement begins with. */
  private static final Pattern REQUIREMENT_NAME = Pattern.compile("^\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)");

  /** The page with {@code chart} (SVG) in its place. */
  public byte[] page(String chart) {
    return page(Optional.empty(), chart);
  }

  /** @param status the project's PEP 792 status when it is not active: a banner above the name */
  public byte[] page(Optional<ProjectStatus> status, String chart) {
    StringBuilder out = new StringBuilder(head.length() + chart.length() + tail.length() + 256);
    int title = head.indexOf("<h1>");
    out.append(head, 0, Math.max(title, 0));
    status.ifPresent(s -> out.append(banner(s)));
    out.append(head, Math.max(title, 0), head.length()).append(chart).append(tail);
    return Layout.end(out);
  }

  /** What a PEP 792 status means to someone about to install the project. */
  public static String banner(ProjectStatus status) {
    String meaning = switch (status.status()) {
      case "archived" -> "Archived upstream: its maintainers expect no further releases.";
      case "deprecated" -> "Deprecated upstream: its maintainers advise against using it.";
      case "quarantined" -> "Quarantined upstream (suspected malware): this mirror withholds its files.";
      default -> "Status upstream: " + status.status() + ".";
    };
    return "<p class=\"notice status\"><strong>" + Markup.escape(meaning) + "</strong>"
        + status.reason().map(r -> " Reason given: " + Markup.escape(r)).orElse("") + "</p>\n";
  }

  /** Renders the copy of the project whose normalized name is {@code normalized}. */
  public static ProjectPage of(JsonNode root, String normalized) {
    JsonNode info = root.path("info");
    String name = text(info, "name").orElse(normalized);
    String current = text(info, "version").orElse("");
    StringBuilder head = Layout.begin(name, "");
    head.append("<h1>").append(Markup.escape(name)).append(" <span class=\"version\">").append(Markup.escape(current))
        .append("</span></h1>\n");
    text(info, "summary").ifPresent(s -> head.append("<p class=\"summary\">").append(Markup.escape(cut(s, MAX_SUMMARY)))
        .append("</p>\n"));
    head.append("<p class=\"meta\"><code>pip install ").append(Markup.escape(normalized))
        .append("</code> · <a href=\"/simple/").append(normalized).append("/\">simple page</a> · <a href=\"/pypi/")
        .append(normalized).append("/json\">JSON</a></p>\n");
    facts(head, info);
    links(head, info);
    head.append("<h2>Downloads from this mirror</h2>\n");

    StringBuilder tail = new StringBuilder(8192);
    String description = info.path("description").isTextual() ? info.path("description").asText() : "";
    tail.append("<section class=\"description\">\n<h2>Description</h2>\n")
        .append(Description.html(cut(description, MAX_DESCRIPTION), text(info, "description_content_type").orElse(null)));
    if (description.length() > MAX_DESCRIPTION) {
      tail.append("<p class=\"meta\">The description goes on past ").append(MAX_DESCRIPTION / 1024)
          .append(" KB; the JSON API copy holds all of it.</p>\n");
    }
    tail.append("</section>\n");
    dependencies(tail, info.path("requires_dist"));
    versions(tail, root.path("releases"), current, normalized);
    classifiers(tail, info.path("classifiers"));
    return new ProjectPage(head.toString(), tail.toString());
  }

  private static void facts(StringBuilder out, JsonNode info) {
    Map<String, String> facts = new LinkedHashMap<>();
    text(info, "requires_python").ifPresent(v -> facts.put("Requires Python", v));
    text(info, "license_expression").or(() -> text(info, "license").filter(l -> l.length() <= 200))
        .ifPresent(v -> facts.put("License", v));
    text(info, "author").or(() -> text(info, "author_email")).ifPresent(v -> facts.put("Author", v));
    text(info, "maintainer").or(() -> text(info, "maintainer_email")).ifPresent(v -> facts.put("Maintainer", v));
    text(info, "keywords").ifPresent(v -> facts.put("Keywords", v));
    if (facts.isEmpty()) {
      return;
    }
    out.append("<table class=\"facts\">\n");
    facts.forEach((k, v) -> out.append("<tr><th>").append(k).append("</th><td>").append(Markup.escape(v))
        .append("</td></tr>\n"));
    out.append("</table>\n");
  }

  /** {@code project_urls}, the home page and download URL: links out, each checked. */
  private static void links(StringBuilder out, JsonNode info) {
    Map<String, String> links = new LinkedHashMap<>();
    text(info, "home_page").ifPresent(u -> links.put("Homepage", u));
    if (info.path("project_urls").isObject()) {
      info.path("project_urls").properties().forEach(e -> {
        if (e.getValue().isTextual() && !links.containsValue(e.getValue().asText())) {
          links.putIfAbsent(e.getKey(), e.getValue().asText());
        }
      });
    }
    text(info, "download_url").filter(u -> !links.containsValue(u)).ifPresent(u -> links.putIfAbsent("Download", u));
    if (links.isEmpty()) {
      return;
    }
    out.append("<ul class=\"links\">\n");
    links.forEach((label, url) -> {
      out.append("<li>");
      Optional<String> href = Markup.safeHref(url).filter(Markup::isExternal);
      if (href.isPresent()) {
        out.append("<a href=\"").append(Markup.escape(href.get())).append("\" rel=\"nofollow noopener noreferrer\">")
            .append(Markup.escape(label)).append("</a>");
      } else {
        out.append(Markup.escape(label)).append(" <span class=\"meta\">(not an http or https link)</span>");
      }
      out.append("</li>\n");
    });
    out.append("</ul>\n");
  }

  private static void dependencies(StringBuilder out, JsonNode requires) {
    if (!requires.isArray() || requires.isEmpty()) {
      return;
    }
    out.append("<h2>Dependencies</h2>\n<ul class=\"dependencies\">\n");
    for (JsonNode r : requires) {
      String requirement = r.asText();
      Matcher m = REQUIREMENT_NAME.matcher(requirement);
      out.append("<li><code>");
      if (m.find()) {
        out.append("<a href=\"/project/").append(ProjectName.normalize(m.group(1))).append("/\">")
            .append(Markup.escape(m.group(1))).append("</a>").append(Markup.escape(requirement.substring(m.end())));
      } else {
        out.append(Markup.escape(requirement));
      }
      out.append("</code></li>\n");
    }
    out.append("</ul>\n");
  }

  /** One release: its version, files, and when and why it was yanked. */
  private record Release(String version, List<JsonNode> files, Optional<Version> parsed, Instant uploaded) {
    boolean yanked() {
      return !files.isEmpty() && files.stream().allMatch(f -> f.path("yanked").asBoolean(false));
    }

    Optional<String> yankedReason() {
      return files.stream().map(f -> f.path("yanked_reason")).filter(JsonNode::isTextual).map(JsonNode::asText)
          .filter(s -> !s.isBlank()).findFirst();
    }
  }

  /** Newest first: by PEP 440 where versions parse, the others after them by upload time. */
  static List<Release> releases(JsonNode releases) {
    List<Release> out = new ArrayList<>();
    if (releases.isObject()) {
      releases.properties().forEach(e -> {
        List<JsonNode> files = new ArrayList<>();
        e.getValue().forEach(files::add);
        Instant uploaded = files.stream().map(ProjectPage::uploaded).flatMap(Optional::stream)
            .min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        out.add(new Release(e.getKey(), files, Version.tryParse(e.getKey()), uploaded));
      });
    }
    Comparator<Release> byVersion = (a, b) -> {
      if (a.parsed().isPresent() && b.parsed().isPresent()) {
        return b.parsed().get().compareTo(a.parsed().get());
      }
      if (a.parsed().isPresent() != b.parsed().isPresent()) {
        return a.parsed().isPresent() ? -1 : 1;
      }
      return b.uploaded().compareTo(a.uploaded());
    };
    out.sort(byVersion);
    return out;
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
  }

  private static void versions(StringBuilder out, JsonNode releases, String current, String normalized) {
    List<Release> all = releases(releases);
    out.append("<h2>Versions</h2>\n");
    if (all.isEmpty()) {
      out.append("<p class=\"meta\">This mirror holds no release of this project.</p>\n");
      return;
    }
    out.append("<div class=\"versions\">\n");
    String everyFile = "<a href=\"/simple/" + normalized + "/\">the simple page</a> lists every file";
    int filesLeft = MAX_FILES_LISTED;
    for (Release r : all.subList(0, Math.min(all.size(), MAX_RELEASES_LISTED))) {
      boolean open = r.version().equals(current);
      out.append("<details class=\"release").append(r.yanked() ? " yanked" : "").append("\" id=\"v")
          .append(Markup.escape(r.version())).append('"').append(open ? " open" : "").append("><summary><strong>")
          .append(Markup.escape(r.version())).append("</strong>");
      if (!r.uploaded().equals(Instant.EPOCH)) {
        out.append(" <span class=\"meta\">").append(MINUTE.format(r.uploaded())).append("</span>");
      }
      out.append(" <span class=\"meta\">").append(r.files().size()).append(r.files().size() == 1 ? " file" : " files")
          .append("</span>");
      if (r.yanked()) {
        out.append(" <span class=\"yanked\">yanked").append(r.yankedReason().map(s -> ": " + Markup.escape(s)).orElse(""))
            .append("</span>");
      }
      out.append("</summary>\n");
      int shown = Math.min(r.files().size(), filesLeft);
      if (shown > 0 || r.files().isEmpty()) {
        files(out, r.files().subList(0, shown));
      }
      if (shown < r.files().size()) {
        out.append("<p class=\"meta\">").append(r.files().size() - shown).append(" files not listed here; ")
            .append(everyFile).append(".</p>\n");
      }
      filesLeft -= shown;
      out.append("</details>\n");
    }
    if (all.size() > MAX_RELEASES_LISTED) {
      out.append("<p class=\"meta\">").append(all.size() - MAX_RELEASES_LISTED)
          .append(" older versions are not listed here; ").append(everyFile).append(".</p>\n");
    }
    out.append("</div>\n");
  }

  private static void files(StringBuilder out, List<JsonNode> files) {
    if (files.isEmpty()) {
      out.append("<p class=\"meta\">No files on this mirror.</p>\n");
      return;
    }
    // A wheel's name and tags can be 150 characters with no space: the wrapper scrolls what the
    // cells' breaking (Layout's style) cannot fit, so the page itself never grows sideways.
    out.append("<div class=\"scroll\">\n<table class=\"files\">\n")
        .append("<tr><th>File</th><th>Size</th><th>Tags</th><th>Requires Python</th><th>Uploaded</th></tr>\n");
    for (JsonNode f : files) {
      String filename = f.path("filename").asText("");
      out.append("<tr><td class=\"file\">");
      Optional<String> href = mirrorUrl(f);
      if (href.isPresent()) {
        out.append("<a href=\"").append(Markup.escape(href.get())).append("\">").append(Markup.escape(filename))
            .append("</a>");
      } else {
        out.append(Markup.escape(filename));
      }
      if (f.path("yanked").asBoolean(false)) {
        out.append(" <span class=\"yanked\">yanked").append(text(f, "yanked_reason").map(s -> ": " + Markup.escape(s))
            .orElse("")).append("</span>");
      }
      text(f.path("digests"), "sha256").ifPresent(h -> out.append("<br><span class=\"hash\">sha256 ")
          .append(Markup.escape(h)).append("</span>"));
      out.append("</td><td class=\"n\">");
      if (f.path("size").canConvertToLong()) {
        out.append(Markup.size(f.path("size").asLong()));
      }
      out.append("</td><td class=\"tags\">").append(Markup.escape(tags(filename, f)))
          .append("</td><td>").append(Markup.escape(text(f, "requires_python").orElse("")))
          .append("</td><td>").append(uploaded(f).map(MINUTE::format).orElse("")).append("</td></tr>\n");
    }
    out.append("</table>\n</div>\n");
  }

  /** A wheel's Python, ABI and platform tags; {@code source} for an sdist; else what the copy says. */
  static String tags(String filename, JsonNode file) {
    Optional<DistFilename> parsed = DistFilename.tryParse(filename);
    if (parsed.isPresent() && parsed.get().kind() == DistFilename.Kind.WHEEL) {
      DistFilename d = parsed.get();
      return String.join(".", d.pythonTags()) + " · " + String.join(".", d.abiTags()) + " · "
          + String.join(".", d.platformTags());
    }
    if (parsed.isPresent() && parsed.get().kind() == DistFilename.Kind.SDIST) {
      return "source";
    }
    List<String> parts = new ArrayList<>();
    parsed.ifPresent(d -> {
      parts.addAll(d.pythonTags());
      parts.addAll(d.platformTags());
    });
    if (parts.isEmpty()) {
      text(file, "python_version").ifPresent(parts::add);
    }
    return String.join(" · ", parts);
  }

  /** The file's URL on this server: its path from {@code /packages/} on, as the mirror stores it. */
  static Optional<String> mirrorUrl(JsonNode file) {
    String url = file.path("url").asText("");
    int at = url.indexOf("/packages/");
    if (at < 0) {
      return Optional.empty();
    }
    String path = url.substring(at);
    int end = Markup.firstOf(path, "?#");
    path = end < 0 ? path : path.substring(0, end);
    return path.contains("/../") || path.contains("/./") ? Optional.empty() : Markup.safeHref(path);
  }

  private static void classifiers(StringBuilder out, JsonNode classifiers) {
    if (!classifiers.isArray() || classifiers.isEmpty()) {
      return;
    }
    out.append("<h2>Classifiers</h2>\n<ul class=\"classifiers\">\n");
    classifiers.forEach(c -> out.append("<li>").append(Markup.escape(c.asText())).append("</li>\n"));
    out.append("</ul>\n");
  }

  private static Optional<Instant> uploaded(JsonNode file) {
    String text = file.path("upload_time_iso_8601").asText(file.path("upload_time").asText(""));
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text.endsWith("Z") || text.contains("+") ? text : text + "Z"));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A non-blank text field, or empty (PyPI gives null, "" and "UNKNOWN" for unset fields). */
  static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isBlank() || v.asText().equals("UNKNOWN")) {
      return Optional.empty();
    }
    return Optional.of(v.asText().strip());
  }
}

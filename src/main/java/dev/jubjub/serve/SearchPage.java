package dev.jubjub.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.search.SearchResults;
import dev.jubjub.search.SearchResults.Hit;
import dev.jubjub.search.SearchResults.Segment;
import dev.jubjub.ui.Layout;
import dev.jubjub.ui.Markup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code /search} rendered: an HTML page that needs no script and loads nothing from elsewhere, or
 * the same results as JSON. Every upstream string (names, versions, summaries, descriptions) is
 * escaped here; matches come as segments and are marked with {@code <mark>}.
 */
final class SearchPage {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private SearchPage() {}

  static byte[] html(String query, SearchResults results) {
    StringBuilder out = head(query);
    if (results == null) {
      out.append("<p>Search the projects of this mirror: names, summaries, keywords, classifiers and"
          + " descriptions.</p>\n");
      return Layout.end(out);
    }
    out.append("<p class=\"count\">").append(results.total()).append(results.totalIsLowerBound() ? "+" : "")
        .append(results.total() == 1 ? " project" : " projects").append(" for “").append(Markup.escape(query))
        .append("”</p>\n");
    if (!results.hits().isEmpty()) {
      out.append("<ol class=\"results\" start=\"").append((results.page() - 1) * results.pageSize() + 1).append("\">\n");
      results.hits().forEach(h -> hit(out, h));
      out.append("</ol>\n");
    }
    pages(out, query, results);
    return Layout.end(out);
  }

  /** A page saying why search cannot answer (and what the administrator can do about it). */
  static byte[] notice(String query, String message) {
    StringBuilder out = head(query);
    out.append("<p class=\"notice\">").append(Markup.escape(message)).append("</p>\n");
    return Layout.end(out);
  }

  private static StringBuilder head(String query) {
    String q = query == null ? "" : query;
    StringBuilder out = Layout.begin(q.isEmpty() ? "Search" : q + " · Search", q);
    out.append("<h1>Search</h1>\n");
    return out;
  }

  private static void hit(StringBuilder out, Hit h) {
    out.append("<li><h2><a href=\"/project/").append(h.normalized()).append("/\">");
    marked(out, h.nameMarked());
    out.append("</a> <span class=\"version\">").append(Markup.escape(h.version())).append("</span></h2>\n");
    if (!h.summaryMarked().isEmpty()) {
      out.append("<p class=\"summary\">");
      marked(out, h.summaryMarked());
      out.append("</p>\n");
    }
    if (!h.snippet().isEmpty()) {
      out.append("<p class=\"snippet\">");
      marked(out, h.snippet());
      out.append("</p>\n");
    }
    out.append("<p class=\"meta\">");
    if (h.uploaded() != null) {
      out.append("released ").append(DAY.format(h.uploaded())).append(" · ");
    }
    out.append("<a href=\"/simple/").append(h.normalized()).append("/\">simple</a> · <a href=\"/pypi/")
        .append(h.normalized()).append("/json\">JSON</a></p></li>\n");
  }

  private static void marked(StringBuilder out, List<Segment> segments) {
    for (Segment s : segments) {
      if (s.match()) {
        out.append("<mark>").append(Markup.escape(s.text())).append("</mark>");
      } else {
        out.append(Markup.escape(s.text()));
      }
    }
  }

  /** Previous, a window of page numbers, next: plain links, so paging works without script. */
  private static void pages(StringBuilder out, String query, SearchResults r) {
    int last = r.pages();
    if (last <= 1) {
      return;
    }
    String base = "/search?q=" + Markup.escape(URLEncoder.encode(query, StandardCharsets.UTF_8)) + "&amp;page=";
    out.append("<nav class=\"pages\" aria-label=\"Result pages\">");
    if (r.page() > 1) {
      out.append("<a rel=\"prev\" href=\"").append(base).append(r.page() - 1).append("\">‹ Previous</a>");
    }
    for (int p = Math.max(1, r.page() - 4); p <= Math.min(last, r.page() + 4); p++) {
      if (p == r.page()) {
        out.append("<strong aria-current=\"page\">").append(p).append("</strong>");
      } else {
        out.append("<a href=\"").append(base).append(p).append("\">").append(p).append("</a>");
      }
    }
    if (r.page() < last) {
      out.append("<a rel=\"next\" href=\"").append(base).append(r.page() + 1).append("\">Next ›</a>");
    }
    out.append("</nav>\n");
  }

  static byte[] json(SearchResults r) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = JsonApiParser.MAPPER.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("query", r.query());
      g.writeNumberField("page", r.page());
      g.writeNumberField("per_page", r.pageSize());
      g.writeNumberField("pages", r.pages());
      g.writeNumberField("total", r.total());
      g.writeBooleanField("total_is_lower_bound", r.totalIsLowerBound());
      g.writeArrayFieldStart("results");
      for (Hit h : r.hits()) {
        g.writeStartObject();
        g.writeStringField("name", h.name());
        g.writeStringField("normalized_name", h.normalized());
        g.writeStringField("version", h.version());
        g.writeStringField("summary", h.summary());
        g.writeStringField("upload_time", h.uploaded() == null ? null : h.uploaded().toString());
        g.writeNumberField("score", h.score());
        g.writeStringField("simple_url", "/simple/" + h.normalized() + "/");
        g.writeStringField("json_url", "/pypi/" + h.normalized() + "/json");
        g.writeObjectFieldStart("highlights");
        segments(g, "name", h.nameMarked());
        segments(g, "summary", h.summaryMarked());
        segments(g, "description", h.snippet());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return bytes.toByteArray();
  }

  static byte[] jsonError(String message) throws IOException {
    return JsonApiParser.MAPPER.writeValueAsBytes(java.util.Map.of("error", message));
  }

  /** {@code [{"text": "…", "match": true}, …]}: the marks without markup, for any client to render. */
  private static void segments(JsonGenerator g, String field, List<Segment> segments) throws IOException {
    g.writeArrayFieldStart(field);
    for (Segment s : segments) {
      g.writeStartObject();
      g.writeStringField("text", s.text());
      g.writeBooleanField("match", s.match());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}

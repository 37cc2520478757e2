package dev.jubjub.serve;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.serve.FloodLedger.Link;
import dev.jubjub.serve.FloodLedger.Target;
import dev.jubjub.testing.UpstreamFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an answer's body is whole and true: pages and documents parse to their end (HTML to its
 * last line, JSON with nothing after it) and every file they link is one upstream listed, with
 * upstream's hashes; a file's bytes have the hash the page promised.
 */
final class AnswerCheck {
  static final ObjectMapper STRICT_JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern HTML_LINK = Pattern.compile(
      "<a href=\"\\.\\./\\.\\./(packages/[^\"#]+)#sha256=([0-9a-f]{64})\"([^>]*)>([^<]*)</a><br/>");
  private static final Pattern CORE_METADATA = Pattern.compile(" data-core-metadata=\"sha256=([0-9a-f]{64})\"");
  private static final Pattern ROOT_LINK = Pattern.compile("<a href=\"([^\"/]+)/\">([^<]+)</a><br/>");
  private final FloodLedger ledger;

  AnswerCheck(FloodLedger ledger) {
    this.ledger = ledger;
  }

  /** Checks a 200 body of any kind; returns false (with a problem recorded) when it is wrong. */
  boolean check(Target t, RawHttp.Reply reply, byte[] body, Link link) throws IOException {
    return switch (t.kind()) {
      case ROOT -> t.accept().contains("json") ? rootJson(t, body) : rootHtml(t, body);
      case PAGE -> t.accept().contains("json") ? pageJson(t, body) : pageHtml(t, body);
      case JSON_API -> jsonApi(t, reply, body);
      case FILE -> expect(t, FloodLedger.sha256(body).equals(link.sha256()), "file body's sha256 is not the page's " + link.sha256());
      case METADATA -> expect(t, FloodLedger.sha256(body).equals(link.metadataSha256()),
          "metadata body's sha256 is not the page's " + link.metadataSha256());
    };
  }

  private boolean expect(Target t, boolean ok, String what) {
    if (!ok) {
      ledger.problem(t.key() + ": " + what);
    }
    return ok;
  }

  private boolean rootHtml(Target t, byte[] body) {
    String html = new String(body, StandardCharsets.UTF_8);
    if (!expect(t, html.startsWith("<!DOCTYPE html>\n<html>") && html.endsWith("  </body>\n</html>"),
        "root index torn: " + excerpt(html))) {
      return false;
    }
    List<String> names = new ArrayList<>();
    Matcher m = ROOT_LINK.matcher(html);
    while (m.find()) {
      names.add(m.group(1));
    }
    if (!expect(t, !names.isEmpty() && names.size() == count(html, "<a "), "root index links do not parse")) {
      return false;
    }
    ledger.listed(names);
    return true;
  }

  private boolean rootJson(Target t, byte[] body) throws IOException {
    JsonNode root = json(t, body);
    if (root == null) {
      return false;
    }
    JsonNode list = root.path("projects");
    if (!expect(t, list.isArray() && !list.isEmpty() && root.path("meta").path("_last-serial").isNumber(),
        "root JSON without projects or serial")) {
      return false;
    }
    List<String> names = new ArrayList<>();
    list.forEach(p -> names.add(p.path("name").asText()));
    ledger.listed(names);
    return true;
  }

  private boolean pageHtml(Target t, byte[] body) {
    String html = new String(body, StandardCharsets.UTF_8);
    if (!expect(t, html.startsWith("<!DOCTYPE html>\n<html>") && html.contains("<h1>Links for ")
        && html.matches("(?s).*\n  </body>\n</html>\n<!--SERIAL \\d+-->"), "page torn: " + excerpt(html))) {
      return false;
    }
    Matcher m = HTML_LINK.matcher(html);
    int n = 0;
    boolean ok = true;
    while (m.find()) {
      n++;
      Matcher meta = CORE_METADATA.matcher(m.group(3));
      ok &= link(t, m.group(1), m.group(2), meta.find() ? meta.group(1) : null);
    }
    return ok & expect(t, n > 0 && n == count(html, "<a "), "page links do not parse (" + n + " of " + count(html, "<a ") + ")");
  }

  private boolean pageJson(Target t, byte[] body) throws IOException {
    JsonNode page = json(t, body);
    if (page == null) {
      return false;
    }
    if (!expect(t, page.path("name").asText().equals(t.project()) && page.path("files").isArray()
        && !page.path("files").isEmpty() && page.path("meta").path("_last-serial").isTextual(),
        "page JSON is not the project's: " + excerpt(new String(body, StandardCharsets.UTF_8)))) {
      return false;
    }
    boolean ok = true;
    for (JsonNode f : page.path("files")) {
      String url = f.path("url").asText();
      JsonNode meta = f.path("core-metadata");
      ok &= expect(t, url.startsWith("../../packages/"), "file URL not relative: " + url)
          && link(t, url.substring("../../".length()), f.path("hashes").path("sha256").asText(),
              meta.isObject() ? meta.path("sha256").asText() : null);
    }
    return ok;
  }

  private boolean jsonApi(Target t, RawHttp.Reply reply, byte[] body) throws IOException {
    JsonNode doc = json(t, body);
    if (doc == null) {
      return false;
    }
    if (!expect(t, ProjectName.normalize(doc.path("info").path("name").asText("?")).equals(t.project())
        && doc.path("releases").isObject() && doc.path("last_serial").asText().equals(reply.header("x-pypi-last-serial")),
        "JSON API document is not the project's, or its serial is not X-PyPI-Last-Serial")) {
      return false;
    }
    String base = "http://" + ledger.host + "/";
    boolean ok = true;
    List<JsonNode> files = new ArrayList<>();
    doc.path("releases").forEach(r -> r.forEach(files::add));
    doc.path("urls").forEach(files::add);
    for (JsonNode f : files) {
      String url = f.path("url").asText();
      ok &= expect(t, url.startsWith(base + "packages/"), "file URL not on this server: " + url)
          && upstreamHas(t, url.substring(base.length()), f.path("digests").path("sha256").asText(), null);
    }
    return ok;
  }

  /** A link must name a file upstream listed, with upstream's hashes; then clients may fetch it. */
  private boolean link(Target t, String urlPath, String sha256, String metadataSha256) {
    if (!upstreamHas(t, urlPath, sha256, metadataSha256)) {
      return false;
    }
    ledger.linked(new Link(t.project(), urlPath, sha256, metadataSha256));
    return true;
  }

  private boolean upstreamHas(Target t, String urlPath, String sha256, String metadataSha256) {
    UpstreamFile f = ledger.known(urlPath);
    if (f == null) {
      return expect(t, false, "links a file upstream never had: " + urlPath);
    }
    return expect(t, f.sha256().equals(sha256), "links " + urlPath + " with sha256 " + sha256 + ", upstream's is " + f.sha256())
        && expect(t, metadataSha256 == null || metadataSha256.equals(f.coreMetadataSha256().orElse(null)),
            "links " + urlPath + " with a core metadata hash upstream does not have");
  }

  private JsonNode json(Target t, byte[] body) {
    try {
      return STRICT_JSON.readTree(body);
    } catch (IOException e) {
      ledger.problem(t.key() + ": body is not whole JSON (" + e.getMessage().lines().findFirst().orElse("") + "): "
          + excerpt(new String(body, StandardCharsets.UTF_8)));
      return null;
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static String excerpt(String text) {
    return text.length() <= 160 ? text : text.substring(0, 80) + " … " + text.substring(text.length() - 80);
  }
}

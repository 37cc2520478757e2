package dev.jubjub.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.pypi.JsonApiParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * JSON API copies for the web UI's tests: a well-kept Markdown project, a reStructuredText one, and
 * one whose every shown field is an attempt at script injection; and a mirror tree holding them.
 */
public final class Copies {
  /** What the hostile project's fields try; none of it may reach a page as markup. */
  public static final String SCRIPT = "<script>alert('x')</script>";
  public static final String IMG = "\"><img src=x onerror=alert('y')>";
  public static final String HOSTILE_MARKDOWN = """
      # Hostile

      <script>alert('raw block')</script>

      <img src=x onerror=alert('raw img')> inline <b onmouseover=alert(1)>bold</b>

      [a link](javascript:alert('md link')) and [another](JaVaScRiPt:alert(2)) and [data](data:text/html;base64,PHNjcmlwdD4=)

      [spaced](  javascript:alert(3)  ) [entity](&#106;avascript:alert(4)) [ok](https://example.org/ok)

      ![an image](javascript:alert('img')) ![badge](https://img.shields.io/badge.svg)

      <a href="javascript:alert('raw a')">raw anchor</a>

      <iframe src="https://evil.example/"></iframe><style>body{display:none}</style>
      """;

  private Copies() {}

  /** requests: Markdown with a table, three releases (one yanked), a wheel and an sdist. */
  public static ObjectNode requests() {
    ObjectNode root = JsonApiParser.MAPPER.createObjectNode();
    ObjectNode info = info(root, "requests", "2.32.3", "Python HTTP for Humans.");
    info.put("description", """
        # Requests

        **Requests** is a simple, yet elegant, HTTP library.

        | Feature | Supported |
        |---|---|
        | Keep-Alive | yes |

        ```python
        >>> import requests
        ```

        See [the docs](https://requests.readthedocs.io) or [the changes](#history).
        """);
    info.put("description_content_type", "text/markdown");
    info.put("requires_python", ">=3.8");
    ArrayNode deps = info.putArray("requires_dist");
    deps.add("charset_normalizer<4,>=2");
    deps.add("PySocks!=1.5.7,>=1.5.6; extra == \"socks\"");
    info.putObject("project_urls").put("Documentation", "https://requests.readthedocs.io")
        .put("Source", "https://github.com/psf/requests");
    info.putArray("classifiers").add("License :: OSI Approved :: Apache Software License");
    ObjectNode releases = root.putObject("releases");
    file(releases, "requests", "2.31.0", "requests-2.31.0-py3-none-any.whl", "2023-05-22T15:12:42Z", false, null);
    file(releases, "requests", "2.32.0", "requests-2.32.0-py3-none-any.whl", "2024-05-20T15:00:00Z", true,
        "Yanked due to conflicts with CVE-2024-35195 mitigation");
    file(releases, "requests", "2.32.3", "requests-2.32.3-py3-none-any.whl", "2024-05-29T15:37:47Z", false, null);
    file(releases, "requests", "2.32.3", "requests-2.32.3.tar.gz", "2024-05-29T15:37:49Z", false, null);
    file(releases, "requests", "2.32.3", "requests-2.32.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "2024-05-29T15:37:50Z", false, null);
    return root;
  }

  /** docutils-style: reStructuredText, no content type (PyPI's default). */
  public static ObjectNode restructured() {
    ObjectNode root = JsonApiParser.MAPPER.createObjectNode();
    ObjectNode info = info(root, "Plain.Text_Project", "0.1", "Written in reStructuredText");
    info.put("description", "Title\n=====\n\n.. code-block:: python\n\n   print('<b>hello</b>')\n");
    file(root.putObject("releases"), "plain_text_project", "0.1", "plain_text_project-0.1.tar.gz",
        "2020-01-02T03:04:05Z", false, null);
    return root;
  }

  /** Script injection through every field a page shows. */
  public static ObjectNode hostile() {
    ObjectNode root = JsonApiParser.MAPPER.createObjectNode();
    String version = "1.0" + SCRIPT;
    ObjectNode info = info(root, "hostile" + SCRIPT, version, "summary " + IMG + SCRIPT);
    info.put("description", HOSTILE_MARKDOWN);
    info.put("description_content_type", "text/markdown; charset=UTF-8; variant=GFM");
    info.put("author", IMG);
    info.put("license", SCRIPT);
    info.put("keywords", IMG);
    info.put("requires_python", ">=3" + SCRIPT);
    info.put("home_page", "javascript:alert('home')");
    info.put("download_url", "data:text/html,<script>alert(1)</script>");
    info.putObject("project_urls")
        .put("Docs" + SCRIPT, " javascript:alert('docs')")
        .put("Tab", "java\tscript:alert('tab')")
        .put("Quote", "https://example.org/\"onmouseover=\"alert('q')")
        .put("Vb", "vbscript:msgbox(1)");
    info.putArray("requires_dist").add("evil" + SCRIPT).add(IMG);
    info.putArray("classifiers").add("Topic :: " + SCRIPT);
    ObjectNode releases = root.putObject("releases");
    file(releases, "hostile", version, "hostile-1.0-py3-none-any.whl", "2024-01-01T00:00:00Z", true, SCRIPT + IMG);
    ((ObjectNode) releases.path(version).get(0)).put("requires_python", IMG);
    file(releases, "hostile", "2.0", "hostile-2.0" + IMG + ".tar.gz", "2024-01-02T00:00:00Z", false, null);
    ((ObjectNode) releases.path("2.0").get(0)).put("url", "javascript:alert('file')//x/packages/aa/bb/\"" + SCRIPT);
    return root;
  }

  private static ObjectNode info(ObjectNode root, String name, String version, String summary) {
    ObjectNode info = root.putObject("info");
    info.put("name", name);
    info.put("version", version);
    info.put("summary", summary);
    info.put("description", "");
    root.put("last_serial", 1);
    root.putArray("vulnerabilities");
    return info;
  }

  private static void file(ObjectNode releases, String project, String version, String filename, String uploaded,
      boolean yanked, String reason) {
    ArrayNode files = releases.has(version) ? (ArrayNode) releases.get(version) : releases.putArray(version);
    byte[] content = content(filename);
    ObjectNode f = files.addObject();
    f.put("filename", filename);
    f.put("size", content.length);
    f.putObject("digests").put("sha256", sha256(content));
    f.put("upload_time_iso_8601", uploaded);
    f.put("url", "https://files.pythonhosted.org/" + packagePath(project, filename));
    f.put("packagetype", filename.endsWith(".whl") ? "bdist_wheel" : "sdist");
    f.put("python_version", filename.endsWith(".whl") ? "py3" : "source");
    f.put("requires_python", ">=3.8");
    f.put("yanked", yanked);
    if (reason == null) {
      f.putNull("yanked_reason");
    } else {
      f.put("yanked_reason", reason);
    }
  }

  /** A stand-in for the file's bytes: the page shows its size and hash, and links to it. */
  static byte[] content(String filename) {
    return ("content of " + filename + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
  }

  static String packagePath(String project, String filename) {
    String hash = sha256(filename.getBytes(StandardCharsets.UTF_8));
    return "packages/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + hash.substring(4, 20) + "/" + filename;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a mirror holding these copies (by normalized name), their package files, a root index
   * and a status file.
   */
  public static void writeMirror(Path mirror, Map<String, ObjectNode> copies) throws IOException {
    StringBuilder index = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
    ObjectNode json = JsonApiParser.MAPPER.createObjectNode();
    ArrayNode projects = json.putArray("projects");
    for (Map.Entry<String, ObjectNode> e : copies.entrySet()) {
      byte[] body = JsonApiParser.MAPPER.writeValueAsBytes(e.getValue());
      write(mirror.resolve("web/json/" + e.getKey()), body);
      write(mirror.resolve("web/pypi/" + e.getKey() + "/json"), body);
      write(mirror.resolve("web/simple/" + e.getKey() + "/index.html"),
          ("<!DOCTYPE html>\n<html><body><h1>Links for " + e.getKey() + "</h1></body></html>\n")
              .getBytes(StandardCharsets.UTF_8));
      index.append("<a href=\"").append(e.getKey()).append("/\">").append(e.getKey()).append("</a><br/>\n");
      projects.addObject().put("name", e.getKey()).put("_last-serial", 1);
      for (var release : e.getValue().path("releases")) {
        for (var f : release) {
          String url = f.path("url").asText();
          int at = url.indexOf("packages/");
          if (url.startsWith("https://files.pythonhosted.org/") && at > 0) {
            write(mirror.resolve("web/" + url.substring(at)), content(f.path("filename").asText()));
          }
        }
      }
    }
    write(mirror.resolve("web/simple/index.html"), (index + "</body></html>\n").getBytes(StandardCharsets.UTF_8));
    write(mirror.resolve("web/simple/index.v1_json"), JsonApiParser.MAPPER.writeValueAsBytes(json));
    write(mirror.resolve("status"), "4242\n".getBytes(StandardCharsets.UTF_8));
    write(mirror.resolve("generation"), "5".getBytes(StandardCharsets.UTF_8));
  }

  /** Download counts as the server saves them, in {@code <stats>/days/YYYY-MM-DD}. */
  public static void writeDay(Path stats, java.time.LocalDate day, Map<String, Long> counts) throws IOException {
    StringBuilder out = new StringBuilder();
    counts.forEach((p, n) -> out.append(p).append(' ').append(n).append('\n'));
    write(stats.resolve("days/" + day), out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path file, byte[] body) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, body);
  }

  /** The names the tests use for these copies. */
  public static Map<String, ObjectNode> all() {
    Map<String, ObjectNode> copies = new java.util.LinkedHashMap<>();
    copies.put("requests", requests());
    copies.put("plain-text-project", restructured());
    copies.put("hostile", hostile());
    return copies;
  }
}

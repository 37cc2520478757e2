package dev.jubjub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectPageTest {
  private static String render(com.fasterxml.jackson.databind.node.ObjectNode copy, String normalized) {
    String chart = DownloadChart.svg(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3), Map.of());
    return new String(ProjectPage.of(copy, normalized).page(chart), StandardCharsets.UTF_8);
  }

  @Test
  void showsVersionsNewestFirstWithYankedReasonsFilesTagsAndDependencies() {
    String html = render(Copies.requests(), "requests");
    assertThat(html).contains("<h1>requests <span class=\"version\">2.32.3</span></h1>", "Python HTTP for Humans.");
    int newest = html.indexOf("id=\"v2.32.3\"");
    int yanked = html.indexOf("id=\"v2.32.0\"");
    int oldest = html.indexOf("id=\"v2.31.0\"");
    assertThat(newest).isPositive().isLessThan(yanked);
    assertThat(yanked).isLessThan(oldest);
    assertThat(html).contains("<details class=\"release\" id=\"v2.32.3\" open>",
        "<details class=\"release yanked\" id=\"v2.32.0\">",
        "yanked: Yanked due to conflicts with CVE-2024-35195 mitigation",
        "py3 · none · any", "cp312 · cp312 · manylinux_2_17_x86_64.manylinux2014_x86_64", "<td class=\"tags\">source</td>",
        "<th>Requires Python</th><td>&gt;=3.8</td>", "2024-05-29 15:37 UTC", "sha256 ",
        "href=\"/packages/", "requests-2.32.3-py3-none-any.whl</a>",
        "<a href=\"/project/charset-normalizer/\">charset_normalizer</a>&lt;4,&gt;=2",
        "<a href=\"/project/pysocks/\">PySocks</a>!=1.5.7,&gt;=1.5.6; extra == &quot;socks&quot;",
        "<a href=\"https://github.com/psf/requests\" rel=\"nofollow noopener noreferrer\">Source</a>",
        "License :: OSI Approved :: Apache Software License");
    assertThat(html).containsPattern("<td class=\"n\">\\d+(\\.\\d)? kB</td>");
    assertThat(html).doesNotContain("files.pythonhosted.org");
    SafeHtml.check(html);
  }

  @Test
  void aHugeProjectShowsItsNewestReleasesAndFilesUpToABoundAndSaysWhereTheRestIs() {
    var copy = Copies.requests();
    copy.with("info").put("summary", "s".repeat(50_000)).put("description", "word ".repeat(200_000))
        .put("description_content_type", "text/plain");
    var releases = copy.putObject("releases");
    for (int v = 0; v < 800; v++) {
      var files = releases.putArray("1." + v);
      for (int f = 0; f < 4; f++) {
        files.addObject().put("filename", "p-1." + v + "-" + f + ".tar.gz").put("size", 10)
            .put("upload_time_iso_8601", "2024-01-01T00:00:00.000000Z");
      }
    }
    String html = render(copy, "p");
    assertThat(html.split("<details class=\"release", -1)).hasSize(ProjectPage.MAX_RELEASES_LISTED + 1);
    assertThat(html.split("<td class=\"file\">", -1)).hasSize(ProjectPage.MAX_FILES_LISTED + 1);
    assertThat(html).contains("id=\"v1.799\"", "300 older versions are not listed here",
        "4 files not listed here", "<a href=\"/simple/p/\">the simple page</a> lists every file",
        "The description goes on past 512 KB").doesNotContain("id=\"v1.299\"", "s".repeat(ProjectPage.MAX_SUMMARY + 1));
    assertThat(html.length()).isLessThan(2_000_000);
    SafeHtml.check(html);
  }

  @Test
  void theFileTableBreaksLongNamesInTheirCellAndScrollsInsideThePage() {
    String html = render(Copies.requests(), "requests");
    assertThat(html).contains("<div class=\"scroll\">\n<table class=\"files\">",
        "<td class=\"file\"><a href=\"/packages/", "</table>\n</div>\n");
    assertThat(html.split("<table class=\"files\">", -1).length).isEqualTo(html.split("<div class=\"scroll\">", -1).length);
    assertThat(html).contains("td.file,td.tags,.facts td{overflow-wrap:anywhere}", ".scroll{overflow-x:auto",
        ".hash{word-break:break-all");
  }

  @Test
  void rendersMarkdownWithTablesAndCode() {
    String html = render(Copies.requests(), "requests");
    assertThat(html).contains("<h1>Requests</h1>", "<strong>Requests</strong>", "<table>", "<td>Keep-Alive</td>",
        "<code class=\"language-python\">&gt;&gt;&gt; import requests", "<a rel=\"nofollow\" href=\"#history\">the changes</a>",
        "<a rel=\"nofollow noopener noreferrer\" href=\"https://requests.readthedocs.io\">the docs</a>");
  }

  @Test
  void showsRestructuredTextAsWrittenInAPreformattedBlock() {
    String html = render(Copies.restructured(), "plain-text-project");
    assertThat(html).contains("<pre>Title\n=====\n\n.. code-block:: python\n\n   print(&#x27;&lt;b&gt;hello&lt;/b&gt;&#x27;)\n</pre>");
    assertThat(html).contains("<td class=\"tags\">source</td>");
    SafeHtml.check(html);
  }

  @Test
  void nothingFromAHostileCopyBecomesMarkupOrAScriptLink() {
    String html = render(Copies.hostile(), "hostile");
    SafeHtml.check(html);
    assertThat(html).contains("hostile&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;",
        "summary &quot;&gt;&lt;img src=x onerror=alert(&#x27;y&#x27;)&gt;",
        "yanked: &lt;script&gt;", "Topic :: &lt;script&gt;", "<a href=\"/project/evil/\">evil</a>&lt;script&gt;",
        "Docs&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <span class=\"meta\">(not an http or https link)</span>",
        "<p>&lt;script&gt;alert('raw block')&lt;/script&gt;</p>",
        "<a rel=\"nofollow noopener noreferrer\" href=\"https://example.org/ok\">ok</a>",
        "<a href=\"https://img.shields.io/badge.svg\" rel=\"nofollow noopener noreferrer\" class=\"image\">[image: badge]</a>",
        "[image: an image]");
    assertThat(html).doesNotContainIgnoringCase("href=\"javascript").doesNotContain("onmouseover=\"alert")
        .doesNotContain("href=\"data:text");
  }

  @Test
  void unparsableVersionsComeAfterTheOthers() {
    var copy = Copies.requests();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("releases")).putArray("not a version");
    String html = render(copy, "requests");
    assertThat(html.indexOf("id=\"vnot a version\"")).isGreaterThan(html.indexOf("id=\"v2.31.0\""));
    assertThat(html).contains("No files on this mirror.");
  }
}

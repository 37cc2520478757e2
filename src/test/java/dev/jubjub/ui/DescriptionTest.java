package dev.jubjub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DescriptionTest {
  @Test
  void rawHtmlInMarkdownIsShownAsTextNeverPassedThrough() {
    String html = Description.html(Copies.HOSTILE_MARKDOWN, "text/markdown");
    SafeHtml.check(html);
    assertThat(html).contains("&lt;script&gt;", "&lt;b onmouseover=alert(1)&gt;", "&lt;iframe", "&lt;style&gt;")
        .doesNotContain("<b ", "<style", "<a href=\"javascript");
  }

  @Test
  void linksKeepOnlyHttpHttpsMailtoAndRelativeTargets() {
    String html = Description.html("""
        [a](https://a.example/) [b](http://b.example/) [c](mailto:c@example.org) [d](docs/x.md) [e](#e)
        [f](javascript:alert(1)) [g](vbscript:x) [h](data:text/html,x) [i](file:///etc/passwd) [j](//evil.example/)
        """, "text/markdown");
    assertThat(html).contains("href=\"https://a.example/\"", "href=\"http://b.example/\"",
        "href=\"mailto:c@example.org\"", "href=\"docs/x.md\"", "href=\"#e\"", "<a rel=\"nofollow\">f</a>",
        "<a rel=\"nofollow\">g</a>", "<a rel=\"nofollow\">h</a>", "<a rel=\"nofollow\">i</a>", "<a rel=\"nofollow\">j</a>");
    SafeHtml.check(html);
  }

  @Test
  void imagesBecomeLinksSoNothingIsLoadedFromElsewhere() {
    String html = Description.html("![build status](https://ci.example/badge.svg) ![](javascript:x)", "text/markdown");
    assertThat(html).contains("<a href=\"https://ci.example/badge.svg\" rel=\"nofollow noopener noreferrer\""
        + " class=\"image\">[image: build status]</a>", "[image]").doesNotContain("<img");
  }

  @Test
  void plainTextAndRestructuredTextArePreformatted() {
    assertThat(Description.html("a <b>\n  b", "text/plain")).isEqualTo("<pre>a &lt;b&gt;\n  b</pre>\n");
    assertThat(Description.html("Title\n=====", null)).isEqualTo("<pre>Title\n=====</pre>\n");
    assertThat(Description.html("x", "text/x-rst; charset=UTF-8")).isEqualTo("<pre>x</pre>\n");
    assertThat(Description.html("   ", "text/markdown")).contains("No description.");
  }

  @Test
  void hostileNestingAndHugeDescriptionsRenderBoundedly() {
    String nested = ">".repeat(100_000) + " deep " + "[".repeat(50_000) + "*".repeat(50_000);
    long start = System.nanoTime();
    String html = Description.html(nested, "text/markdown");
    assertThat(html).contains("deep");
    String huge = "word ".repeat(300_000);
    assertThat(Description.html(huge, "text/markdown")).contains("The description is cut here");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(10_000);
  }

  @Test
  void aTableBombIsShownAsWritten() {
    String header = "|" + "a|".repeat(1600) + "\n|" + "-|".repeat(1600) + "\n";
    String bomb = header + "x\n".repeat(620);
    String html = Description.html(bomb, "text/markdown");
    org.assertj.core.api.Assertions.assertThat(html).startsWith("<pre>").hasSizeLessThan(bomb.length() * 2);
    String refused = "|" + "a|".repeat(2000) + "\n|" + "-|".repeat(2000) + "\n" + "x\n".repeat(600);
    org.assertj.core.api.Assertions.assertThat(Description.html(refused, "text/markdown")).startsWith("<pre>");
  }
}

package dev.jubjub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a page for markup that upstream could have injected: escaped text never holds a {@code <},
 * so every tag in a page is the server's own, and must be one of those it writes, with no event
 * handler attribute and no link or source that runs script.
 */
public final class SafeHtml {
  private static final Set<String> TAGS = Set.of("!doctype", "html", "head", "meta", "link", "title", "style",
      "body", "header", "main", "form", "input", "button", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "span", "code",
      "pre", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "details", "summary", "section", "div",
      "strong", "em", "br", "hr", "blockquote", "nav", "mark", "svg", "line", "rect", "text", "del");
  private static final Pattern TAG = Pattern.compile("<(/?)([!a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
  private static final Pattern ATTRIBUTE = Pattern.compile("\\s([^\\s=\"'>/]+)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)");

  private SafeHtml() {}

  public static void check(String html) {
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
        .doesNotContainIgnoringCase("<iframe").doesNotContain("\u0000");
    Matcher tag = TAG.matcher(html);
    while (tag.find()) {
      String name = tag.group(2).toLowerCase(Locale.ROOT);
      assertThat(TAGS).as("tag <%s> in %s", name, tag.group()).contains(name);
      if (name.equals("style") && tag.group(1).isEmpty()) {
        assertThat(html.indexOf("<style>")).as("one style element, the layout's").isEqualTo(html.lastIndexOf("<style>"));
      }
      Matcher attribute = ATTRIBUTE.matcher(tag.group(3));
      while (attribute.find()) {
        String key = attribute.group(1).toLowerCase(Locale.ROOT);
        String value = attribute.group(2).replaceAll("^[\"']|[\"']$", "").toLowerCase(Locale.ROOT).strip();
        assertThat(key).as("attribute in %s", tag.group()).doesNotStartWith("on").isNotIn("style", "srcdoc", "src");
        if (key.equals("href") || key.equals("action")) {
          assertThat(value).as(tag.group()).doesNotStartWith("javascript:").doesNotStartWith("vbscript:")
              .doesNotContain("script:").doesNotStartWith("//");
          if (!value.equals("data:,")) {
            assertThat(value).as(tag.group()).doesNotStartWith("data:");
          }
        }
      }
    }
  }
}

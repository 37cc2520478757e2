package dev.jubjub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkupTest {
  @Test
  void escapesAndDropsControlCharacters() {
    assertThat(Markup.escape("<a href=\"x\">'&'</a>\u0000\u0007\u009b")).isEqualTo(
        "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;");
    assertThat(Markup.escape(null)).isEmpty();
    assertThat(Markup.escape("tab\tand\nline")).isEqualTo("tab\tand\nline");
  }

  @Test
  void safeHrefKeepsWebAndMailLinksAndRelativeOnes() {
    assertThat(Markup.safeHref("https://example.org/a?b#c")).hasValue("https://example.org/a?b#c");
    assertThat(Markup.safeHref(" HTTP://example.org ")).hasValue("HTTP://example.org");
    assertThat(Markup.safeHref("mailto:a@example.org")).hasValue("mailto:a@example.org");
    assertThat(Markup.safeHref("docs/a:b.md")).hasValue("docs/a:b.md");
    assertThat(Markup.safeHref("/packages/aa/bb/x.whl")).hasValue("/packages/aa/bb/x.whl");
    for (String bad : new String[] {"javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
        "java\nscript:x", "\u0000javascript:x", "vbscript:x", "data:text/html,x", "file:///etc/passwd",
        "//evil.example/", "\\\\evil.example\\x", "", null, "https://" + "a".repeat(3000)}) {
      assertThat(Markup.safeHref(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void sizesInDecimalUnits() {
    assertThat(Markup.size(999)).isEqualTo("999 B");
    assertThat(Markup.size(1500)).isEqualTo("1.5 kB");
    assertThat(Markup.size(64_000_000)).isEqualTo("64 MB");
    assertThat(Markup.size(Long.MAX_VALUE)).endsWith("PB");
  }
}

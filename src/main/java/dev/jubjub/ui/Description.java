package dev.jubjub.ui;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * A project's long description as HTML: Markdown rendered by commonmark-java with raw HTML escaped
 * (shown as text, never passed through), every link checked by {@link Markup#safeHref} and images
 * shown as links (an image would be a request to another host); reStructuredText and plain text
 * as preformatted text, readable as written.
 */
public final class Description {
  /** Beyond this a description is cut: a few are many MB, and no one reads that much on a page. */
  static final int MAX_CHARS = 512 * 1024;
  private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
  // Hostile nesting (thousands of '>' or '[') must not exhaust the renderer's stack.
  private static final Parser PARSER =
      Parser.builder().extensions(EXTENSIONS).maxOpenBlockParsers(64).maxInlineNesting(32).build();
  private static final UrlSanitizer URLS = new UrlSanitizer() {
    @Override
    public String sanitizeLinkUrl(String url) {
      return Markup.safeHref(url).orElse("");
    }

    @Override
    public String sanitizeImageUrl(String url) {
      return sanitizeLinkUrl(url);
    }
  };
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
      .extensions(EXTENSIONS)
      .escapeHtml(true)
      .sanitizeUrls(true)
      .urlSanitizer(URLS)
      .nodeRendererFactory(ImageAsLink::new)
      .attributeProviderFactory(context -> (node, tag, attributes) -> {
        if (node instanceof Link) {
          relOf(attributes);
        }
      })
      .build();

  private Description() {}

  /** The description's HTML for its content type ({@code description_content_type}). */
  /** Rendered HTML up to this size is kept whatever its text's; past it, 16 times the text at most. */
  static final int MAX_HTML = 256 * 1024;

  public static String html(String text, String contentType) {
    if (text == null || text.isBlank()) {
      return "<p class=\"meta\">No description.</p>\n";
    }
    boolean cut = text.length() > MAX_CHARS;
    String shown = Markup.withoutControls(cut ? text.substring(0, MAX_CHARS) : text);
    String body = isMarkdown(contentType) ? markdown(shown) : "<pre>" + Markup.escape(shown) + "</pre>\n";
    return cut ? body + "<p class=\"meta\">The description is cut here (it is longer than " + MAX_CHARS / 1024
        + " KB).</p>\n" : body;
  }

  /**
   * Rendered Markdown, or the text as written when rendering fails (commonmark refuses a table of
   * over a million cells) or would make a page far larger than its text: a table of 1,600 columns
   * in 8 KB rendered to 10 MB of HTML on every request.
   */
  private static String markdown(String text) {
    try {
      String html = RENDERER.render(PARSER.parse(text));
      if (html.length() <= Math.max(MAX_HTML, 16L * text.length())) {
        return html;
      }
    } catch (RuntimeException e) {
      // shown as written, below
    }
    return "<pre>" + Markup.escape(text) + "</pre>\n";
  }

  /** PEP 566's {@code text/markdown} with any variant; reStructuredText is PyPI's default. */
  static boolean isMarkdown(String contentType) {
    return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("text/markdown");
  }

  /** A link that leaves the server passes no referrer and no opener, and no ranking credit. */
  static void relOf(Map<String, String> attributes) {
    String href = attributes.getOrDefault("href", "");
    if (href.isEmpty()) {
      attributes.remove("href");
    } else if (Markup.isExternal(href)) {
      attributes.put("rel", "nofollow noopener noreferrer");
    }
  }

  /** An image as a link to it, labelled with its alt text: the page loads nothing from elsewhere. */
  private static final class ImageAsLink implements NodeRenderer {
    private final HtmlNodeRendererContext context;
    private final HtmlWriter html;

    ImageAsLink(HtmlNodeRendererContext context) {
      this.context = context;
      this.html = context.getWriter();
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
      return Set.of(Image.class);
    }

    @Override
    public void render(Node node) {
      Image image = (Image) node;
      String alt = altText(image);
      String href = Markup.safeHref(image.getDestination()).orElse("");
      String label = "[image" + (alt.isBlank() ? "" : ": " + alt) + "]";
      if (href.isEmpty()) {
        html.text(label);
        return;
      }
      Map<String, String> attributes = new java.util.LinkedHashMap<>();
      attributes.put("href", context.encodeUrl(href));
      relOf(attributes);
      attributes.put("class", "image");
      html.tag("a", attributes);
      html.text(label);
      html.tag("/a");
    }

    private static String altText(Node node) {
      StringBuilder out = new StringBuilder();
      for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
        if (child instanceof Text text) {
          out.append(text.getLiteral());
        } else {
          out.append(altText(child));
        }
      }
      return out.toString();
    }
  }
}

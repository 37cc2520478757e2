package dev.jubjub.ui;

import dev.jubjub.index.Html;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Escaping for text and attribute values taken from upstream, and the check every link from
 * upstream passes before it becomes an {@code href}.
 */
public final class Markup {
  /** What a link from upstream may be besides a relative one: no {@code javascript:}, {@code data:}. */
  private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");

  private Markup() {}

  /**
   * Text or an attribute value, escaped; control characters (not allowed in HTML, and used to hide
   * markup from naive filters) are dropped.
   */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    return Html.escape(withoutControls(s));
  }

  static String withoutControls(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || (c >= 0x7f && c < 0xa0);
      if (control && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      } else if (!control && out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /**
   * A link from upstream made safe for an {@code href}: http, https and mailto URLs, or relative
   * ones; empty for anything else. Browsers ignore tabs, newlines and leading spaces in a scheme
   * ({@code java\tscript:}), so the check is made on the URL as a browser reads it.
   */
  public static Optional<String> safeHref(String url) {
    if (url == null) {
      return Optional.empty();
    }
    String cleaned = withoutControls(url).replaceAll("[\\t\\n\\r]", "").strip();
    if (cleaned.isEmpty() || cleaned.length() > 2048 || cleaned.contains("\\")) {
      return Optional.empty();
    }
    int colon = cleaned.indexOf(':');
    int end = firstOf(cleaned, "/?#");
    if (colon >= 0 && (end < 0 || colon < end)) {
      String scheme = cleaned.substring(0, colon).toLowerCase(Locale.ROOT);
      if (!SCHEMES.contains(scheme)) {
        return Optional.empty();
      }
    } else if (cleaned.startsWith("//")) {
      return Optional.empty(); // protocol-relative: another host, with whatever scheme the page has
    }
    try {
      new URI(cleaned.replace(" ", "%20"));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    return Optional.of(cleaned);
  }

  /** Whether a link leaves this server (its {@code rel} then keeps the referrer and opener back). */
  public static boolean isExternal(String href) {
    return href.regionMatches(true, 0, "http:", 0, 5) || href.regionMatches(true, 0, "https:", 0, 6);
  }

  /** The index of the first of {@code chars} in {@code s}, or -1. */
  static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** {@code 1.4 MB}: decimal units, as PyPI shows file sizes. */
  public static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }
}

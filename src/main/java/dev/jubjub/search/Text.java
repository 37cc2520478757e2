package dev.jubjub.search;

/** Upstream strings made safe to keep and show: every output (HTML, JSON, XML-RPC) can carry them. */
final class Text {
  private Text() {}

  /**
   * {@code s} without the characters XML 1.0 cannot carry (C0 controls but tab and newlines,
   * U+FFFE, U+FFFF, unpaired surrogates), cut to at most {@code max} chars without splitting a
   * surrogate pair; null becomes "". An XML-RPC answer with one such character would make pip's
   * parser fail on the whole result list.
   */
  static String clean(String s, int max) {
    if (s == null) {
      return "";
    }
    int n = Math.min(s.length(), max);
    StringBuilder out = null;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(c)) {
        ok = i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
        if (ok) {
          if (out != null) {
            out.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        ok = c >= 0x20 ? c < 0xFFFE && !Character.isLowSurrogate(c) : c == '\t' || c == '\n' || c == '\r';
      }
      if (!ok && out == null) {
        out = new StringBuilder(n).append(s, 0, i);
      } else if (ok && out != null) {
        out.append(c);
      }
    }
    return out != null ? out.toString() : n == s.length() ? s : s.substring(0, n);
  }
}

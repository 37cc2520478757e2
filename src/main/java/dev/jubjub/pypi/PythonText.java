package dev.jubjub.pypi;

/**
 * Python's idea of whitespace, so that text trimmed here is trimmed exactly as {@code str.strip()}
 * and regex {@code \s} trim it in packaging and bandersnatch (Java's {@code strip()} disagrees on
 * U+001C..U+001F and U+0085).
 */
final class PythonText {
  /** The members of Python's {@code \s} for {@code str} patterns, for use in a regex class. */
  static final String SPACE_CHARS =
      "\\t\\n\\x0B\\f\\r\\x1C-\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
  /** A regex character class equal to Python's {@code \s}. */
  static final String SPACE_CLASS = "[" + SPACE_CHARS + "]";

  private PythonText() {}

  static boolean isSpace(char c) {
    return (c >= '\t' && c <= '\r')
        || (c >= 0x1c && c <= 0x20)
        || c == 0x85
        || c == 0xa0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200a)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202f
        || c == 0x205f
        || c == 0x3000;
  }

  /** {@code str.strip()} with no argument. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }
}

package dev.jubjub.pypi;


/**
 * A project name as upstream spells it, with its PEP 503 normalized form. The constructor refuses
 * anything that is not a valid PEP 508 name, so a normalized name is always a safe single path
 * segment.
 */
public record ProjectName(String display) implements Comparable<ProjectName> {
  /** PyPI limits names far below this; the bound keeps hostile input from making huge paths. */
  static final int MAX_LENGTH = 200;

  public ProjectName {
    if (!isValid(display)) {
      throw new IllegalArgumentException("invalid project name: " + printable(display));
    }
  }

  public static ProjectName of(String display) {
    return new ProjectName(display);
  }

  /**
   * PEP 508: ASCII letters and digits, with {@code . _ -} inside. A plain loop rather than a
   * regular expression: a listing has 880,000 names.
   */
  public static boolean isValid(String display) {
    if (display == null) {
      return false;
    }
    int n = display.length();
    if (n == 0 || n > MAX_LENGTH || !isAlphanumeric(display.charAt(0)) || !isAlphanumeric(display.charAt(n - 1))) {
      return false;
    }
    for (int i = 1; i < n - 1; i++) {
      char c = display.charAt(i);
      if (!isAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * Whether {@code name} is a valid name already in PEP 503 normal form ({@code [a-z0-9]} runs
   * joined by single dashes). A plain loop: a server asks this on every request.
   */
  public static boolean isNormalized(String name) {
    int n = name.length();
    if (n == 0 || n > MAX_LENGTH || name.charAt(0) == '-' || name.charAt(n - 1) == '-') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && name.charAt(i - 1) != '-');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** PEP 503: lower case, runs of {@code -_.} become one {@code -}. */
  public String normalized() {
    return normalize(display);
  }

  /** Returns {@code name} itself when it is already normalized, so the common case allocates nothing. */
  public static String normalize(String name) {
    if (isNormalized(name)) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean separator = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '-' || c == '_' || c == '.') {
        separator = true;
        continue;
      }
      if (separator) {
        out.append('-');
        separator = false;
      }
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : Character.toLowerCase(c));
    }
    if (separator) {
      out.append('-');
    }
    return out.toString();
  }

  @Override
  public int compareTo(ProjectName other) {
    return normalized().compareTo(other.normalized());
  }

  @Override
  public String toString() {
    return display;
  }

  /** Quotes a hostile string for an error message without letting it forge log lines. */
  public static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    s.codePoints()
        .limit(120)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append(s.length() > 120 ? "…'" : "'").toString();
  }
}

package dev.jubjub.pypi;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A project name as upstream spells it, with its PEP 503 normalized form. The constructor refuses
 * anything that is not a valid PEP 508 name, so a normalized name is always a safe single path
 * segment.
 */
public record ProjectName(String display) implements Comparable<ProjectName> {
  private static final Pattern VALID =
      Pattern.compile("^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$");
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");
  /** PyPI limits names far below this; the bound keeps hostile input from making huge paths. */
  static final int MAX_LENGTH = 200;

  public ProjectName {
    if (display == null || display.length() > MAX_LENGTH || !VALID.matcher(display).matches()) {
      throw new IllegalArgumentException("invalid project name: " + printable(display));
    }
  }

  public static ProjectName of(String display) {
    return new ProjectName(display);
  }

  public static boolean isValid(String display) {
    return display != null && display.length() <= MAX_LENGTH && VALID.matcher(display).matches();
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

  public static String normalize(String name) {
    return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
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

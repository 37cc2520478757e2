package dev.jubjub.testing;

import java.util.Locale;
import java.util.regex.Pattern;

/** Project-name rules of PEP 503 and of the binary distribution format. */
final class Names {
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");
  private static final Pattern REQUIREMENT_NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");

  private Names() {}

  /** PEP 503: runs of {@code -_.} become one {@code -}, lower case. */
  static String normalize(String name) {
    return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  /** The name as it appears in wheel and (PEP 625) sdist file names, and as the import name. */
  static String underscored(String name) {
    return normalize(name).replace('-', '_');
  }

  /** The project a PEP 508 requirement names ({@code "jubjub-mid>=1.0"} gives {@code jubjub-mid}). */
  static String requirementName(String requirement) {
    var m = REQUIREMENT_NAME.matcher(requirement);
    if (!m.find()) {
      throw new IllegalArgumentException("not a requirement: " + requirement);
    }
    return m.group(1);
  }
}

package dev.jubjub.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Conversions of option values with configparser's rules; failures name option and place. */
final class Values {
  private static final Set<String> TRUE = Set.of("1", "yes", "true", "on");
  private static final Set<String> FALSE = Set.of("0", "no", "false", "off");
  /** Plain decimal numbers; Java's parser would also take "1f", "0x1p3", "NaN" and "Infinity". */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private Values() {}

  /** As configparser's {@code getboolean}: 1/yes/true/on and 0/no/false/off, any case. */
  static boolean toBoolean(IniEntry entry, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (TRUE.contains(v)) {
      return true;
    }
    if (FALSE.contains(v)) {
      return false;
    }
    throw entry.invalid(value, "expected a boolean (true/false, yes/no, on/off, 1/0)");
  }

  static int toInt(IniEntry entry, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw entry.invalid(value, "expected a whole number");
    }
  }

  static double toDecimal(IniEntry entry, String value) {
    if (!DECIMAL.matcher(value).matches()) {
      throw entry.invalid(value, "expected a number");
    }
    return Double.parseDouble(value);
  }

  /** Quotes a value for a one-line message: control characters (newlines too) become escapes. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("'");
    s.codePoints()
        .limit(200)
        .forEach(
            c -> {
              if (c == '\n') {
                out.append("\\n");
              } else if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append(s.codePointCount(0, s.length()) > 200 ? "…'" : "'").toString();
  }

  /** A short reason for an I/O failure, for a one-line message. */
  static String describe(IOException e) {
    return switch (e) {
      case NoSuchFileException x -> "no such file or directory";
      case AccessDeniedException x -> "permission denied";
      case FileAlreadyExistsException x -> "the file appeared meanwhile";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}

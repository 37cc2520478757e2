package dev.jubjub.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * configparser's {@code BasicInterpolation}, which bandersnatch inherits from
 * {@code ConfigParser}: {@code %(name)s} is replaced by option {@code name} of the same section (or
 * {@code [DEFAULT]}), {@code %%} by {@code %}; any other {@code %} is an error. Like configparser we
 * expand when a value is read, so a stray {@code %} in an option nobody reads does no harm.
 */
final class Interpolation {
  private static final Pattern CREDENTIALS = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s]*@");
  /** configparser's MAX_INTERPOLATION_DEPTH; also what stops reference cycles. */
  static final int MAX_DEPTH = 10;

  private static final Pattern REFERENCE = Pattern.compile("%\\(([^)]+)\\)s");

  private final IniEntry entry;
  private final Function<String, Optional<IniEntry>> lookup;
  private final StringBuilder out = new StringBuilder();

  private Interpolation(IniEntry entry, Function<String, Optional<IniEntry>> lookup) {
    this.entry = entry;
    this.lookup = lookup;
  }

  /** Expands {@code entry}'s value; {@code lookup} finds an option of its section by name. */
  static String expand(IniEntry entry, Function<String, Optional<IniEntry>> lookup) {
    if (entry.rawValue().indexOf('%') < 0) {
      return entry.rawValue();
    }
    Interpolation i = new Interpolation(entry, lookup);
    i.expand(entry.rawValue(), 1);
    return i.out.toString();
  }

  private void expand(String rest, int depth) {
    if (depth > MAX_DEPTH) {
      throw fail(
          "references in it nest deeper than " + MAX_DEPTH + " levels; is there a cycle?");
    }
    int at = 0;
    while (at < rest.length()) {
      int p = rest.indexOf('%', at);
      if (p < 0) {
        out.append(rest, at, rest.length());
        return;
      }
      out.append(rest, at, p);
      at = p + reference(rest, p, depth);
    }
  }

  /** Handles the {@code %} at {@code p}; returns how many characters it took. */
  private int reference(String rest, int p, int depth) {
    char next = p + 1 < rest.length() ? rest.charAt(p + 1) : 0;
    if (next == '%') {
      out.append('%');
      return 2;
    }
    if (next != '(') {
      throw fail("'%' must be followed by '%' or '(' (write '%%' for a literal '%'), found "
          + Values.quote(rest.substring(p)));
    }
    Matcher m = REFERENCE.matcher(rest).region(p, rest.length());
    if (!m.lookingAt()) {
      throw fail("bad reference " + Values.quote(rest.substring(p)) + ", expected '%(name)s'");
    }
    String name = m.group(1);
    // Quoted: a name may run over lines of a multi-line value (found by ConfigFuzzTest).
    IniEntry target = lookup.apply(name).orElseThrow(() -> fail(
        Values.quote("%(" + name + ")s") + " refers to an option not set in [" + entry.section()
            + "] or [DEFAULT]"));
    String v = target.rawValue();
    if (v.indexOf('%') >= 0) {
      expand(v, depth + 1);
    } else {
      out.append(v);
    }
    return m.end() - p;
  }

  private ConfigException fail(String reason) {
    // A percent-encoded password ("p%40ss") fails here: quoting the value would print it.
    String shown = CREDENTIALS.matcher(entry.rawValue()).find()
        ? "a '%' in a URL with credentials (not shown; write '%%' for a literal '%')"
        : reason;
    return new ConfigException(
        entry.location(),
        "cannot interpolate '" + entry.key() + "' in [" + entry.section() + "]: " + shown);
  }
}

package dev.jubjub.pypi;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEP 440 version specifier such as {@code >=1.2} or {@code ==1.4.*}, matching as {@code
 * packaging.specifiers.Specifier} 26.x matches (the packaging bandersnatch pins). Most callers want
 * {@link SpecifierSet}.
 */
public final class Specifier {
  /** The operators of PEP 440 §Version specifiers. */
  public enum Operator {
    COMPATIBLE("~="),
    EQUAL("=="),
    NOT_EQUAL("!="),
    LESS_EQUAL("<="),
    GREATER_EQUAL(">="),
    LESS("<"),
    GREATER(">"),
    ARBITRARY("===");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    static Operator of(String symbol) {
      for (Operator op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      throw new IllegalArgumentException("unknown operator " + symbol);
    }
  }

  private static final String WS = PythonText.SPACE_CLASS + "*";
  private static final String HEAD = "v?(?:[0-9]+!)?[0-9]+";
  private static final String PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
  private static final String POST = "(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?";
  private static final String DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
  private static final String LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";

  /**
   * What each operator may be followed by, per PEP 440: {@code ===} anything but whitespace (and,
   * as packaging adds for PEP 508, {@code ;} and {@code )}); {@code ==}/{@code !=} a wildcard or a
   * local label; {@code ~=} at least two release numbers; ordered comparisons neither. The order of
   * the alternatives matters: a requirement parser takes the first one that matches a prefix.
   */
  static final Pattern SYNTAX =
      Pattern.compile(
          "(?:===" + WS + "[^" + PythonText.SPACE_CHARS + ";)]*"
              + "|(?:==|!=)" + WS + HEAD + "(?:\\.[0-9]+)*(?:\\.\\*|" + PRE + POST + DEV + LOCAL + ")"
              + "|~=" + WS + HEAD + "(?:\\.[0-9]+)+" + PRE + POST + DEV
              + "|(?:<=|>=|<|>)" + WS + HEAD + "(?:\\.[0-9]+)*" + PRE + POST + DEV
              + ")",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern FULL = Pattern.compile(WS + "(" + SYNTAX.pattern() + ")" + WS, Pattern.CASE_INSENSITIVE);
  private static final Pattern OPERATOR = Pattern.compile("^(===|~=|==|!=|<=|>=|<|>)");

  private final Operator operator;
  /** The version text as written after the operator, without surrounding whitespace. */
  private final String versionText;
  /** The parsed version; for a wildcard the part before {@code .*}; null for {@code ===}. */
  private final Version version;
  private final boolean wildcard;
  private final boolean mentionsPrerelease;
  private final String canonicalText;

  private Specifier(Operator operator, String versionText) {
    this.operator = operator;
    this.versionText = versionText;
    this.wildcard = operator != Operator.ARBITRARY && versionText.endsWith(".*");
    this.version =
        operator == Operator.ARBITRARY
            ? null
            : Version.parse(wildcard ? versionText.substring(0, versionText.length() - 2) : versionText);
    this.mentionsPrerelease = computeMentionsPrerelease();
    this.canonicalText = computeCanonicalText();
  }

  public static Specifier parse(String text) {
    Matcher m = text == null ? null : FULL.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("invalid version specifier: " + ProjectName.printable(text));
    }
    String spec = m.group(1);
    Matcher op = OPERATOR.matcher(spec);
    if (!op.find()) {
      throw new IllegalStateException("SYNTAX admitted an operator OPERATOR does not know: " + spec);
    }
    return new Specifier(Operator.of(op.group(1)), PythonText.strip(spec.substring(op.end())));
  }

  public Operator operator() {
    return operator;
  }

  /** The version as written, e.g. {@code 1.4.*} or, for {@code ===}, any string. */
  public String versionText() {
    return versionText;
  }

  public boolean isWildcard() {
    return wildcard;
  }

  /**
   * Whether this specifier mentions a pre-release and so lets pre-releases match: packaging's
   * {@code Specifier.prereleases}. {@code !=} and wildcards never do; {@code ===} does when its
   * text is a PEP 440 pre-release.
   */
  public boolean mentionsPrerelease() {
    return mentionsPrerelease;
  }

  private boolean computeMentionsPrerelease() {
    if (operator == Operator.NOT_EQUAL || wildcard) {
      return false;
    }
    if (operator == Operator.ARBITRARY) {
      return Version.tryParse(versionText).map(Version::isPrerelease).orElse(false);
    }
    return version.isPrerelease();
  }

  /**
   * Whether {@code v} matches, with pre-releases allowed when {@code allowPrereleases} or when
   * this specifier mentions one (see {@link SpecifierSet#contains}).
   */
  public boolean contains(Version v, boolean allowPrereleases) {
    return (!v.isPrerelease() || allowPrereleases || mentionsPrerelease()) && matches(v);
  }

  /** The operator's test alone, whatever pre-release policy applies. */
  boolean matches(Version v) {
    return switch (operator) {
      case EQUAL -> equal(v);
      case NOT_EQUAL -> !equal(v);
      case LESS_EQUAL -> v.publicVersion().compareTo(version) <= 0;
      case GREATER_EQUAL -> v.publicVersion().compareTo(version) >= 0;
      case LESS -> lessThan(v);
      case GREATER -> greaterThan(v);
      case COMPATIBLE -> compatible(v);
      // Compared with the normalized form, as packaging compares a parsed Version.
      case ARBITRARY -> v.toString().toLowerCase(Locale.ROOT).equals(versionText.toLowerCase(Locale.ROOT));
    };
  }

  private boolean equal(Version v) {
    if (wildcard) {
      return prefixMatches(v, version.epoch(), version.release());
    }
    // A spec without a local label matches every local label of its version.
    return (version.local().isPresent() ? v : v.publicVersion()).equals(version);
  }

  /**
   * {@code ==1.2.*}: same epoch, and the release zero-padded to the prefix's length starts with
   * the prefix (so {@code 1} matches {@code ==1.0.*}); pre, post and dev segments do not matter.
   */
  private static boolean prefixMatches(Version v, BigInteger epoch, List<BigInteger> prefix) {
    if (!v.epoch().equals(epoch)) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      BigInteger part = i < v.release().size() ? v.release().get(i) : BigInteger.ZERO;
      if (!part.equals(prefix.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** PEP 440: {@code <V} must not match a pre-release of V unless V is itself a pre-release. */
  private boolean lessThan(Version v) {
    if (v.compareTo(version) >= 0) {
      return false;
    }
    return version.isPrerelease()
        || !v.isPrerelease()
        || v.compareTo(version.earliestPrerelease()) < 0;
  }

  /** PEP 440: {@code >V} must not match V's post-releases (unless V is one) nor V's local versions. */
  private boolean greaterThan(Version v) {
    if (v.compareTo(version) <= 0) {
      return false;
    }
    if (!version.isPostrelease() && v.isPostrelease() && v.postBase().equals(version)) {
      return false;
    }
    return v.local().isEmpty() || !v.publicVersion().equals(version);
  }

  /**
   * {@code ~=V.N} is {@code >=V.N, ==V.*}: the prefix drops the last release number. (packaging
   * 26 derives the prefix from the spelling and gets it wrong for {@code ~=1.4.5c1} or {@code
   * ~=v1.4.5}; PEP 440 is followed here.)
   */
  private boolean compatible(Version v) {
    List<BigInteger> release = version.release();
    return v.publicVersion().compareTo(version) >= 0
        && prefixMatches(v, version.epoch(), new ArrayList<>(release.subList(0, release.size() - 1)));
  }

  /** The form equal specifiers share, as packaging's {@code _canonical_spec}. */
  private String computeCanonicalText() {
    if (operator == Operator.ARBITRARY || wildcard) {
      return operator.symbol + versionText;
    }
    // ~=1.0 and ~=1.0.0 differ (the prefix is 1.* against 1.0.*); == and the rest ignore trailing zeros.
    return operator.symbol + version.normalized(operator != Operator.COMPATIBLE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Specifier s && canonicalText.equals(s.canonicalText);
  }

  @Override
  public int hashCode() {
    return canonicalText.hashCode();
  }

  /** The operator and the version as written, e.g. {@code >=1.0}. */
  @Override
  public String toString() {
    return operator.symbol + versionText;
  }
}

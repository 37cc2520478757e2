package dev.jubjub.pypi;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, ordered and printed as {@code packaging.version.Version} orders and prints it
 * (the library bandersnatch uses). Versions that are not PEP 440 ("2004d", "1.0-beta-final-x")
 * cannot be made: {@link #tryParse} answers empty for them, as packaging raises {@code
 * InvalidVersion}.
 *
 * <p>{@link #equals} agrees with {@link #compareTo}, as PEP 440 equality does: {@code 1.0} equals
 * {@code 1.0.0} though they print differently. Numbers are unbounded, as Python's ints are, so
 * no upstream version fails for a long number. A string over {@link #MAX_LENGTH} characters is no
 * version here: the JDK's regex engine recurses once per release segment, and 2,000 of them
 * overflowed the stack of a filtered run (packaging's engine does not recurse).
 */
public final class Version implements Comparable<Version> {
  /**
   * PEP 440 Appendix B's grammar, case-insensitive ASCII. The separators and alternate spellings
   * it accepts are normalized away by {@link #toString}.
   */
  /** Far above any real version (PyPI's longest are a few dozen characters). */
  static final int MAX_LENGTH = 256;

  private static final Pattern SYNTAX =
      Pattern.compile(
          "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
              + "(?:[._-]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[._-]?(?<preN>[0-9]+)?)?"
              + "(?:-(?<postN1>[0-9]+)|[._-]?(?<postL>post|rev|r)[._-]?(?<postN2>[0-9]+)?)?"
              + "(?:[._-]?(?<devL>dev)[._-]?(?<devN>[0-9]+)?)?"
              + "(?:\\+(?<local>[a-z0-9]+(?:[._-][a-z0-9]+)*))?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern LOCAL_SEPARATOR = Pattern.compile("[._-]");

  private final BigInteger epoch;
  private final List<BigInteger> release;
  /** "a", "b" or "rc"; null for none. */
  private final String preLabel;
  private final BigInteger preNumber;
  private final BigInteger post;
  private final BigInteger dev;
  /** Lower case; numeric parts without leading zeros. Empty for none. */
  private final List<String> local;

  private Version(
      BigInteger epoch,
      List<BigInteger> release,
      String preLabel,
      BigInteger preNumber,
      BigInteger post,
      BigInteger dev,
      List<String> local) {
    this.epoch = epoch;
    this.release = List.copyOf(release);
    this.preLabel = preLabel;
    this.preNumber = preNumber;
    this.post = post;
    this.dev = dev;
    this.local = List.copyOf(local);
  }

  /** Parses a PEP 440 version; surrounding whitespace is ignored, as packaging ignores it. */
  public static Version parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () -> new IllegalArgumentException("invalid PEP 440 version: " + ProjectName.printable(text)));
  }

  public static Optional<Version> tryParse(String text) {
    if (text == null || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Matcher m = SYNTAX.matcher(PythonText.strip(text));
    if (!m.matches()) {
      return Optional.empty();
    }
    List<BigInteger> release = new ArrayList<>();
    for (String part : m.group("release").split("\\.")) {
      release.add(new BigInteger(part));
    }
    String preLabel = m.group("preL") == null ? null : normalizePreLabel(m.group("preL"));
    BigInteger post = null;
    if (m.group("postN1") != null) {
      post = new BigInteger(m.group("postN1"));
    } else if (m.group("postL") != null) {
      post = number(m.group("postN2"));
    }
    List<String> local = new ArrayList<>();
    if (m.group("local") != null) {
      for (String part : LOCAL_SEPARATOR.split(m.group("local"))) {
        local.add(isDigits(part) ? new BigInteger(part).toString() : part.toLowerCase(Locale.ROOT));
      }
    }
    return Optional.of(
        new Version(
            number(m.group("epoch")),
            release,
            preLabel,
            preLabel == null ? null : number(m.group("preN")),
            post,
            m.group("devL") == null ? null : number(m.group("devN")),
            local));
  }

  private static String normalizePreLabel(String label) {
    return switch (label.toLowerCase(Locale.ROOT)) {
      case "a", "alpha" -> "a";
      case "b", "beta" -> "b";
      default -> "rc"; // c, rc, pre, preview
    };
  }

  /** An omitted number is an implicit 0 ({@code 1.0a} is {@code 1.0a0}). */
  private static BigInteger number(String digits) {
    return digits == null ? BigInteger.ZERO : new BigInteger(digits);
  }

  static boolean isDigits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  public BigInteger epoch() {
    return epoch;
  }

  /** The release segment as written, trailing zeros kept ({@code 1.0} is [1, 0]). */
  public List<BigInteger> release() {
    return release;
  }

  /** The normalized pre-release segment: {@code a1}, {@code b0}, {@code rc2}. */
  public Optional<String> pre() {
    return preLabel == null ? Optional.empty() : Optional.of(preLabel + preNumber);
  }

  public Optional<BigInteger> post() {
    return Optional.ofNullable(post);
  }

  public Optional<BigInteger> dev() {
    return Optional.ofNullable(dev);
  }

  /** The normalized local label: lower case, parts joined by dots ({@code ubuntu.1}). */
  public Optional<String> local() {
    return local.isEmpty() ? Optional.empty() : Optional.of(String.join(".", local));
  }

  /** True for alpha, beta, release candidate and development releases, as packaging says. */
  public boolean isPrerelease() {
    return preLabel != null || dev != null;
  }

  public boolean isDevrelease() {
    return dev != null;
  }

  public boolean isPostrelease() {
    return post != null;
  }

  /** Epoch and release only: {@code 1!2.0rc1.post3+x} gives {@code 1!2.0}. */
  public Version baseVersion() {
    return new Version(epoch, release, null, null, null, null, List.of());
  }

  /** This version without its local label. */
  public Version publicVersion() {
    return local.isEmpty() ? this : new Version(epoch, release, preLabel, preNumber, post, dev, List.of());
  }

  /** The earliest pre-release of this version's public part: {@code 1.2.post1} gives {@code 1.2.post1.dev0}. */
  Version earliestPrerelease() {
    return new Version(epoch, release, preLabel, preNumber, post, BigInteger.ZERO, List.of());
  }

  /** What this is a post-release of: {@code 1.0a1.post2.dev3+x} gives {@code 1.0a1}. */
  Version postBase() {
    return new Version(epoch, release, preLabel, preNumber, null, null, List.of());
  }

  @Override
  public int compareTo(Version other) {
    int c = epoch.compareTo(other.epoch);
    if (c != 0) {
      return c;
    }
    // Comparing zero-padded releases is comparing them with trailing zeros stripped.
    for (int i = 0; i < Math.max(release.size(), other.release.size()); i++) {
      c = releasePart(i).compareTo(other.releasePart(i));
      if (c != 0) {
        return c;
      }
    }
    c = Integer.compare(preRank(), other.preRank());
    if (c == 0 && preLabel != null) {
      c = preNumber.compareTo(other.preNumber);
    }
    if (c == 0) {
      c = compareAbsentFirst(post, other.post);
    }
    if (c == 0) {
      // No dev segment sorts after any dev segment.
      c = dev == null ? (other.dev == null ? 0 : 1) : (other.dev == null ? -1 : dev.compareTo(other.dev));
    }
    return c != 0 ? c : compareLocal(local, other.local);
  }

  private BigInteger releasePart(int i) {
    return i < release.size() ? release.get(i) : BigInteger.ZERO;
  }

  /** A dev release of a final (1.0.dev1) sorts before its alphas; a final sorts after its rcs. */
  private int preRank() {
    if (preLabel == null) {
      return post == null && dev != null ? -1 : 3;
    }
    return switch (preLabel) {
      case "a" -> 0;
      case "b" -> 1;
      default -> 2;
    };
  }

  private static int compareAbsentFirst(BigInteger a, BigInteger b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  /** PEP 440: no label sorts first; letters sort before numbers; a shorter prefix sorts first. */
  private static int compareLocal(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = a.get(i);
      String y = b.get(i);
      boolean xNumeric = isDigits(x);
      boolean yNumeric = isDigits(y);
      int c;
      if (xNumeric && yNumeric) {
        c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
      } else if (xNumeric != yNumeric) {
        c = xNumeric ? 1 : -1;
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    int end = release.size();
    while (end > 0 && release.get(end - 1).signum() == 0) {
      end--;
    }
    return Objects.hash(epoch, release.subList(0, end), preLabel, preNumber, post, dev, local);
  }

  /** The normalized form, as {@code str(packaging.version.Version(...))} prints it. */
  @Override
  public String toString() {
    return normalized(false);
  }

  /** With {@code trimTrailingZeros}, packaging's {@code canonicalize_version}: {@code 1.0.0rc1} gives {@code 1rc1}. */
  String normalized(boolean trimTrailingZeros) {
    StringBuilder out = new StringBuilder();
    if (epoch.signum() != 0) {
      out.append(epoch).append('!');
    }
    int end = release.size();
    while (trimTrailingZeros && end > 1 && release.get(end - 1).signum() == 0) {
      end--;
    }
    for (int i = 0; i < end; i++) {
      out.append(i == 0 ? "" : ".").append(release.get(i));
    }
    pre().ifPresent(out::append);
    if (post != null) {
      out.append(".post").append(post);
    }
    if (dev != null) {
      out.append(".dev").append(dev);
    }
    local().ifPresent(l -> out.append('+').append(l));
    return out.toString();
  }
}

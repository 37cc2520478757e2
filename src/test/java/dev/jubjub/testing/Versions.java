package dev.jubjub.testing;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 ordering, enough to sort releases and pick "the latest" the way PyPI does. Versions that
 * do not parse sort before all valid ones, by their text.
 */
final class Versions {
  private static final Pattern PEP440 =
      Pattern.compile(
          "v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
              + "(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d*))?"
              + "(?:-(\\d+)|[-_.]?(?:post|rev|r)[-_.]?(\\d*))?"
              + "(?:[-_.]?dev[-_.]?(\\d*))?"
              + "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?",
          Pattern.CASE_INSENSITIVE);

  static final Comparator<String> ORDER = Comparator.comparing(Key::of);

  private Versions() {}

  static boolean isPrerelease(String version) {
    Key k = Key.of(version);
    return k.valid && (k.preKind != NO_PRE || k.dev != NO_DEV);
  }

  private static final int DEV_ONLY = 0; // 1.0.dev1 sorts before 1.0a1
  private static final int NO_PRE = 4; // 1.0 sorts after 1.0rc1
  private static final long NO_POST = -1;
  private static final long NO_DEV = Long.MAX_VALUE;

  private record Key(
      boolean valid, String text, long epoch, long[] release, int preKind, long pre, long post, long dev)
      implements Comparable<Key> {

    static Key of(String version) {
      Matcher m = PEP440.matcher(version.trim());
      if (!m.matches()) {
        return new Key(false, version, 0, new long[0], 0, 0, 0, 0);
      }
      long[] release = Arrays.stream(m.group(2).split("\\.")).mapToLong(Long::parseLong).toArray();
      int end = release.length;
      while (end > 1 && release[end - 1] == 0) {
        end--; // 1.0 == 1.0.0
      }
      boolean hasPost = m.group(5) != null || m.group(6) != null;
      boolean hasDev = m.group(7) != null;
      int preKind = m.group(3) == null ? (hasDev && !hasPost ? DEV_ONLY : NO_PRE) : kind(m.group(3));
      return new Key(
          true,
          version,
          number(m.group(1)),
          Arrays.copyOf(release, end),
          preKind,
          number(m.group(4)),
          hasPost ? number(m.group(5) != null ? m.group(5) : m.group(6)) : NO_POST,
          hasDev ? number(m.group(7)) : NO_DEV);
    }

    private static int kind(String letter) {
      return switch (letter.toLowerCase(Locale.ROOT)) {
        case "a", "alpha" -> 1;
        case "b", "beta" -> 2;
        default -> 3; // c, rc, pre, preview
      };
    }

    private static long number(String digits) {
      return digits == null || digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    @Override
    public int compareTo(Key o) {
      if (valid != o.valid) {
        return valid ? 1 : -1;
      }
      if (!valid) {
        return text.compareTo(o.text);
      }
      int c = Long.compare(epoch, o.epoch);
      c = c != 0 ? c : Arrays.compare(release, o.release);
      c = c != 0 ? c : Integer.compare(preKind, o.preKind);
      c = c != 0 ? c : Long.compare(pre, o.pre);
      c = c != 0 ? c : Long.compare(post, o.post);
      return c != 0 ? c : Long.compare(dev, o.dev);
    }
  }
}

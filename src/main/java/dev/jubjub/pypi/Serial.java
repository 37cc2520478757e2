package dev.jubjub.pypi;

/** PyPI's change serials: non-negative integers that fit a long, as upstreams and pages spell them. */
public final class Serial {
  private Serial() {}

  /**
   * A serial of 1 to 18 decimal digits, else -1. A plain loop: it runs once per listing entry and
   * per line of the serials file, hundreds of thousands of times.
   */
  public static long parse(String s) {
    int n = s.length();
    if (n == 0 || n > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}

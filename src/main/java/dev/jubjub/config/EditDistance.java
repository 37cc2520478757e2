package dev.jubjub.config;

/** Levenshtein distance, for "did you mean" hints on misspelt option and plugin names. */
public final class EditDistance {
  private EditDistance() {}

  /** The candidate at most 2 edits from {@code word} (treating {@code _} and {@code -} alike), the closest first. */
  public static java.util.Optional<String> closest(String word, java.util.Collection<String> candidates) {
    String w = word.replace('_', '-');
    return candidates.stream()
        .filter(c -> of(w, c.replace('_', '-')) <= 2)
        .min(java.util.Comparator.comparingInt(c -> of(w, c.replace('_', '-'))));
  }

  static int of(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

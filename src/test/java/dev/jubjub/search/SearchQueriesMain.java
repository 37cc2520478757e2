package dev.jubjub.search;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the request paths bench/search sends to {@code /search} (through wrk, whose Lua script
 * picks one at random per request): a fixed mix drawn from the corpus's names, the same for the
 * same names: a name as typed, the first letters of one, one or two of its words (the HTML page,
 * with highlighting), and a word with {@code format=json}.
 *
 * <p>{@code SearchQueriesMain NAMES_FILE COUNT OUT}
 */
public final class SearchQueriesMain {
  public static void main(String[] args) throws IOException {
    List<String> names = Files.readAllLines(Path.of(args[0]));
    int count = Integer.parseInt(args[1]);
    SplittableRandom random = new SplittableRandom(1);
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.US_ASCII))) {
      for (int i = 0; i < count; i++) {
        out.println(path(random, names));
      }
    }
  }

  private static String path(SplittableRandom random, List<String> names) {
    String name = names.get(random.nextInt(names.size()));
    String[] words = name.split("[-_.]");
    return switch (random.nextInt(5)) {
      case 0 -> search(name);
      case 1 -> search(name.substring(0, Math.min(name.length(), 3 + random.nextInt(4))));
      case 2 -> search(words[0]);
      case 3 -> search(words[0] + " " + words[words.length - 1]);
      default -> search(words[words.length - 1]) + "&format=json";
    };
  }

  private static String search(String query) {
    return "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }
}

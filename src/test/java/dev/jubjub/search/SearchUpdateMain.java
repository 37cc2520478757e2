package dev.jubjub.search;

import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@link SearchIndex#update} on an existing index for bench/search: K projects' JSON copies
 * are rewritten (a new summary), then updated in one call; the median of ROUNDS runs per K. Shows
 * that the cost follows K, not the index size.
 *
 * <p>{@code SearchUpdateMain MIRROR INDEX_DIRECTORY ROUNDS K…}
 */
public final class SearchUpdateMain {
  public static void main(String[] args) throws Exception {
    Path mirror = Path.of(args[0]);
    SearchIndex index = new SearchIndex(Path.of(args[1]));
    int rounds = Integer.parseInt(args[2]);
    List<String> names;
    try (var files = Files.list(mirror.resolve("web/json"))) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    int offset = 0;
    try (Storage storage = FileSystemStorage.forReading(mirror)) {
      for (String k : Arrays.copyOfRange(args, 3, args.length)) {
        int count = Integer.parseInt(k);
        long[] millis = new long[rounds];
        for (int r = 0; r < rounds; r++) {
          List<String> batch = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            String name = names.get((offset++ * 7919) % names.size());
            Path copy = mirror.resolve("web/json/" + name);
            String json = Files.readString(copy, StandardCharsets.UTF_8);
            Files.writeString(copy, json.replaceFirst("\"summary\":\"", "\"summary\":\"updated " + r + " "));
            batch.add(name);
          }
          long start = System.nanoTime();
          SearchIndex.UpdateReport report = index.update(storage, batch);
          millis[r] = (System.nanoTime() - start) / 1_000_000;
          if (report.indexed() != count) {
            throw new IllegalStateException("updated " + report + ", expected " + count);
          }
        }
        Arrays.sort(millis);
        System.out.printf("update: K=%d projects in %d ms (median of %d; %.2f ms per project)%n", count,
            millis[rounds / 2], rounds, millis[rounds / 2] / (double) count);
      }
    }
  }
}

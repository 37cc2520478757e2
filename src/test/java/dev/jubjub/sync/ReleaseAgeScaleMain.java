package dev.jubjub.sync;

import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.testing.ScalePyPI;
import dev.jubjub.upstream.Upstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cost of a run that only shows files which have aged in ({@code min-release-age}), against a
 * no-change run, on a mirror of N projects (default 10,000) of which K (default 1,000) hold
 * waiting files. {@link ScalePyPI} uploads project {@code i}'s files at 2025-01-01 plus {@code
 * i + 1} minutes, so with a one-day limit and the clock one day after project {@code N - K}'s
 * upload, the last K projects wait; moving the clock past the last upload ages them all in.
 * Prints the median wall time of each kind of run over ROUNDS rounds (a fresh mirror each round).
 * {@code java -cp target/test-classes:target/classes:DEPS dev.jubjub.sync.ReleaseAgeScaleMain [N] [K] [ROUNDS]}
 */
public final class ReleaseAgeScaleMain {
  private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration LIMIT = Duration.ofDays(1);

  private ReleaseAgeScaleMain() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int k = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Instant before = EPOCH.plus(LIMIT).plusSeconds(60L * (n - k) + 30);
    Instant after = EPOCH.plus(LIMIT).plusSeconds(60L * (n + 1) + 30);
    long[] noChange = new long[rounds];
    long[] ageIn = new long[rounds];
    List<Path> trees = new java.util.ArrayList<>();
    try (ScalePyPI fake = ScalePyPI.start(n, 0);
        Upstream upstream = new Upstream(Local.settings(fake.baseUri()))) {
      for (int r = 0; r < rounds; r++) {
        Path dir = Files.createTempDirectory("jubjub-age-bench");
        trees.add(dir);
        FileSystemStorage storage = new FileSystemStorage(dir);
        long t0 = System.nanoTime();
        new Mirror(upstream, storage, options(before)).mirror();
        long first = System.nanoTime() - t0;
        int waiting = new WaitingFiles(storage).projects().size();
        t0 = System.nanoTime();
        new Mirror(upstream, storage, options(before)).mirror();
        noChange[r] = System.nanoTime() - t0;
        t0 = System.nanoTime();
        new Mirror(upstream, storage, options(after)).mirror();
        ageIn[r] = System.nanoTime() - t0;
        int left = new WaitingFiles(storage).projects().size();
        System.out.printf("round %d: first run %.1f s with %d projects waiting; no-change run %.0f ms;"
            + " age-in run %.0f ms (%d still waiting after)%n", r + 1, first / 1e9, waiting, noChange[r] / 1e6,
            ageIn[r] / 1e6, left);
      }
    }
    long nc = median(noChange);
    long ai = median(ageIn);
    System.out.printf("%d projects, %d aging in: no-change run %.0f ms, age-in run %.0f ms (%.2fx), %.2f ms per"
        + " aged-in project%n", n, k, nc / 1e6, ai / 1e6, (double) ai / nc, (ai - nc) / 1e6 / k);
    for (Path dir : trees) {
      delete(dir); // after the figures: on a busy disk, deleting 10,000 projects' trees takes minutes
    }
  }

  private static SyncOptions options(Instant now) {
    return Local.options(false).withReleaseAge(
        new ReleaseAge(LIMIT, List.of(), Clock.fixed(now, ZoneOffset.UTC)));
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

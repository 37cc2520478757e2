package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.testing.Distributions;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.FileKind;
import dev.jubjub.testing.ReleaseSpec;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.testing.UpstreamProject;
import dev.jubjub.testing.UpstreamRelease;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: "a Host-header flood leaves memory flat". The JSON API writes file URLs with the Host
 * a client used, so each Host is another answer to render and maybe cache; tens of thousands of
 * them, against a document of a few MB and small ones, must leave the heap (after GC) within the
 * answers' cache bound, and every answer right.
 */
class HostFloodTest {
  /** Releases of the big project, each with every kind of file (7). */
  static final int BIG_RELEASES = 150;
  /** Description of its latest release: with the files' entries, a JSON document of about 3 MB. */
  static final int BIG_DESCRIPTION = 2_000_000;
  /** Hosts for the big document: 160 answers of ~3 MB, seven times the answers' cache. */
  static final int BIG_HOSTS = 160;
  /** Hosts for a small project's document and one of its releases: thousands of small cache entries. */
  static final int SMALL_HOSTS = 40_000;
  /** Syncs that replace the big project's JSON copy while answers for one of its releases are asked for. */
  static final int REWRITES = 8;
  /** Heap the flood may add beyond the answers' cache: Jetty's buffer pools, the page cache, entries' keys. */
  static final long SLACK = 32L * 1024 * 1024;
  /**
   * Heap the answers asked for during the syncs may add: they replace older answers in a cache that
   * is already full, so this is only the bookkeeping of a different mix of entries. A replaced copy
   * kept alive by a cached answer would add its 3 MB per sync.
   */
  static final long SLACK_WHILE_SYNCING = 8L * 1024 * 1024;

  @TempDir Path tmp;

  @Test
  void aFloodOfHostValuesLeavesTheHeapFlatAndEveryAnswerRight() throws Exception {
    Universe universe = Universe.generate(32, 8);
    String big = bigProject(universe);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      InProcessMirror mirror = InProcessMirror.of(tmp, fake, "workers = 10");
      assertThat(mirror.sync()).isZero();
      try (MirrorServer server = mirror.serve()) {
        FloodLedger ledger = new FloodLedger(universe, server.port());
        HostFlood flood = new HostFlood(ledger, server.port());
        HostFlood.Ask document = flood.ask("/pypi/big-json/json", fileUrls(universe.require(big)));
        document.check(ledger.host);
        long start = usedHeapAfterGc();

        long t0 = System.nanoTime();
        flood.run(document, 0, BIG_HOSTS, 8);
        UpstreamProject small = universe.require("jubjub-base");
        flood.run(flood.ask("/pypi/jubjub-base/json", fileUrls(small)), BIG_HOSTS, SMALL_HOSTS / 2, 16);
        flood.run(flood.ask("/pypi/jubjub-base/1.0.0/json", 2), BIG_HOSTS + SMALL_HOSTS / 2, SMALL_HOSTS / 2, 16);
        flood.hostsThatHashAlike("/pypi/jubjub-base/json");
        double seconds = (System.nanoTime() - t0) / 1e9;
        long flooded = usedHeapAfterGc();

        HostFlood.Ask release = flood.ask("/pypi/big-json/1.0/json", FileKind.values().length);
        int next = BIG_HOSTS + SMALL_HOSTS;
        for (int i = 0; i < REWRITES; i++, next += 4) {
          long asked = System.nanoTime();
          flood.run(release, next, 4, 4);
          universe.touch(big);
          assertThat(mirror.sync()).isZero();
          // The page cache looks at the copy again only this long after it last did.
          TimeUnit.NANOSECONDS.sleep(Math.max(0, asked + PageCache.RECHECK_NANOS + 50_000_000 - System.nanoTime()));
        }
        long synced = usedHeapAfterGc();
        System.out.printf(
            "host flood: %d Host values (%d for a %.1f MB document) in %.1f s, %.0f MB of answers; heap after GC "
                + "%d MiB before, %d MiB after, %d MiB after %d syncs that replaced the document%n",
            flood.answers.sum(), BIG_HOSTS, document.bytes() / 1e6, seconds, flood.bytes.sum() / 1e6,
            start >> 20, flooded >> 20, synced >> 20, REWRITES);
        assertThat(ledger.samples()).as("problems (%d in all)", ledger.problems()).isEmpty();
        assertThat(flood.answers.sum()).isEqualTo(BIG_HOSTS + SMALL_HOSTS + 4L * REWRITES);
        assertThat(flooded - start).as("heap growth after the Host flood, bytes")
            .isLessThan(JsonApi.MAX_RENDERED_BYTES + SLACK);
        assertThat(synced - flooded).as("heap growth while syncs replaced the document, bytes")
            .isLessThan(SLACK_WHILE_SYNCING);
        document.check(ledger.host);
        assertThat(ledger.samples()).as("problems after the flood").isEmpty();
      }
    }
  }

  /** File URLs in a project's JSON API document: every release's files, then the latest's again. */
  private static int fileUrls(UpstreamProject p) {
    return p.files().size() + p.latestRelease().orElseThrow().files().size();
  }

  /** A project with many files and a long description, as big documents on PyPI have. */
  private static String bigProject(Universe universe) {
    String big = universe.addProject("big-json").name();
    List<FileKind> every = List.of(FileKind.values());
    for (int i = 0; i < BIG_RELEASES; i++) {
      universe.addRelease(big, new ReleaseSpec("1." + i, every, List.of(), null, "cp312", 64));
    }
    ReleaseSpec last = new ReleaseSpec("2.0", every, List.of(), null, "cp312", 64);
    Instant uploaded = Instant.parse("2025-06-01T00:00:00Z");
    List<UpstreamFile> files = Arrays.stream(FileKind.values())
        .map(k -> UpstreamFile.of(Distributions.build(big, last, k), last.version(), null, uploaded))
        .toList();
    ObjectNode info = universe.require(big).releases().getLast().info().deepCopy();
    info.put("version", last.version()).put("description", "A long description. ".repeat(BIG_DESCRIPTION / 20));
    universe.addRelease(big, new UpstreamRelease(last.version(), files, info, false, null));
    return big;
  }

  /** Heap in use after full collections: the least of three readings, so a late allocation does not count. */
  private static long usedHeapAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}

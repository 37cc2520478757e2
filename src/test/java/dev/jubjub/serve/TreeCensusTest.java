package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.store.FileSystemStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeCensusTest {
  private static TreeCensus.Totals awaitTotals(TreeCensus census, long files) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < until) {
      var totals = census.totals();
      if (totals.isPresent() && totals.get().files() == files) {
        return totals.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no count of " + files + " files; last: " + census.totals());
  }

  @Test
  void countsThePackageFilesAtStartAndAgainOnlyOnceARunHasChangedTheTree(@TempDir Path root) throws Exception {
    Path packages = Files.createDirectories(root.resolve("web/packages/ab/cd/0123"));
    Files.write(packages.resolve("a-1.0.tar.gz"), new byte[100]);
    Files.write(packages.resolve("a-1.0-py3-none-any.whl"), new byte[20]);
    Files.write(root.resolve("web/packages/ab/b.whl.metadata"), new byte[3]);
    Files.writeString(root.resolve("status"), "10\n");
    FileSystemStorage storage = FileSystemStorage.forReading(root);
    try (TreeCensus census = new TreeCensus(storage, new Freshness(storage, 0), Duration.ofMillis(50))) {
      census.start();
      TreeCensus.Totals first = awaitTotals(census, 3);
      assertThat(first.bytes()).isEqualTo(123);

      Files.write(packages.resolve("b-2.0.tar.gz"), new byte[1000]); // no run has ended: not counted
      Thread.sleep(300);
      assertThat(census.totals()).contains(first);

      Files.writeString(root.resolve("status"), "11\n");
      assertThat(awaitTotals(census, 4).bytes()).isEqualTo(1123);
    }
  }
}

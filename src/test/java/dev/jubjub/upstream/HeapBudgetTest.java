package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.MetadataException;
import dev.jubjub.pypi.ProjectName;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class HeapBudgetTest {
  private static final ProjectName BIG = ProjectName.of("big");
  private static final URI URL = URI.create("http://127.0.0.1:1/pypi/big/json");

  /** A JSON API document of {@code n} items, each given by {@code item}. */
  private static byte[] document(int n, IntFunction<String> item) {
    StringBuilder sb = new StringBuilder("{\"info\":{\"name\":\"big\"},\"last_serial\":5,\"items\":[");
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? "," : "").append(item.apply(i));
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A release file entry as pypi.org writes it (about 700 bytes). */
  private static String file(int i) {
    String name = "big-1." + i + "-py3-none-any.whl";
    return ("{\"filename\":\"%s\",\"url\":\"https://files.example/packages/aa/bb/%s/%s\",\"digests\":"
        + "{\"sha256\":\"%s\",\"md5\":\"%s\",\"blake2b_256\":\"%s\"},\"size\":%d,"
        + "\"upload_time_iso_8601\":\"2020-01-01T00:00:00.000000Z\",\"requires_python\":\">=3.8\","
        + "\"yanked\":false,\"yanked_reason\":null,\"packagetype\":\"bdist_wheel\",\"has_sig\":false}")
        .formatted(name, "c".repeat(60), name, "a".repeat(64), "b".repeat(32), "d".repeat(64), 10_000 + i);
  }

  @Test
  void theEstimateCoversTheTreeJacksonBuildsForEveryShape() throws Exception {
    record Shape(String name, byte[] body) {}
    Shape[] shapes = {
      new Shape("release files", document(12_000, HeapBudgetTest::file)),
      new Shape("one-letter strings", document(1_500_000, i -> "\"a\"")),
      new Shape("small integers", document(2_000_000, i -> Integer.toString(i % 1000))),
      new Shape("empty objects", document(1_500_000, i -> "{}")),
      new Shape("one-field objects", document(800_000, i -> "{\"k\":" + (i % 7) + "}")),
      new Shape("empty arrays", document(2_000_000, i -> "[]")),
    };
    for (Shape shape : shapes) {
      long estimate = HeapBudget.estimate(BIG, shape.body());
      long tree = retainedByTree(shape.body());
      assertThat(estimate)
          .as("%s: %d bytes, tree %d, estimate %d", shape.name(), shape.body().length, tree, estimate)
          .isGreaterThanOrEqualTo(tree + shape.body().length)
          .isLessThan(4 * (tree + shape.body().length));
    }
  }

  /** The least heap growth over three parses (a stray allocation elsewhere only adds). */
  private static long retainedByTree(byte[] body) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      long before = memory.getHeapMemoryUsage().getUsed();
      JsonNode tree = JsonApiParser.MAPPER.readTree(body);
      System.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed() - before);
      Reference.reachabilityFence(tree);
    }
    return least;
  }

  @Test
  void aDocumentThatCouldNeverFitFailsItsProjectNamingItAndItsUrl() {
    HeapBudget budget = new HeapBudget(32L << 20);
    byte[] body = document(1_500_000, i -> "\"a\"");
    try (HeapBudget.Lease lease = budget.lease()) {
      assertThatThrownBy(() -> lease.reserve(BIG, URL, body))
          .isInstanceOf(MetadataException.class)
          .hasMessageContaining("project big")
          .hasMessageContaining(URL.toString())
          .hasMessageContaining("JUBJUB_JAVA_OPTS");
    }
  }

  @Test
  void largeDocumentsWaitForTheirShareAndSmallOnesPassFreely() throws Exception {
    byte[] large = document(12_000, HeapBudgetTest::file);
    long need = HeapBudget.estimate(BIG, large);
    HeapBudget budget = new HeapBudget(need * 3 / 2);
    HeapBudget.Lease first = budget.lease();
    first.reserve(BIG, URL, large);
    try (HeapBudget.Lease small = budget.lease()) {
      small.reserve(BIG, URL, document(10, HeapBudgetTest::file));
    }
    CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
      try (HeapBudget.Lease lease = budget.lease()) {
        lease.reserve(BIG, URL, large);
      } catch (MetadataException | UpstreamException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    first.close();
    second.get(10, TimeUnit.SECONDS);
  }

  @Test
  void malformedLargeDocumentsAreAMetadataErrorNamingTheProject() {
    byte[] body = document(12_000, HeapBudgetTest::file);
    byte[] cut = java.util.Arrays.copyOf(body, body.length / 2);
    assertThatThrownBy(() -> HeapBudget.estimate(BIG, cut))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("project big");
  }
}

package dev.jubjub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jubjub.testing.Fuzzing;
import java.nio.charset.StandardCharsets;

/**
 * Any string as a tree-relative path: every write and removal goes through this check. Seeds:
 * {@code StoragePathFuzzTestInputs/}. Fuzz for real: {@code JAZZER_FUZZ=1 ./mvnw -B test
 * -Dtest=StoragePathFuzzTest}.
 */
class StoragePathFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void anAcceptedPathNeverLeavesTheTree(byte[] input) {
    String path = new String(input, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    try {
      assertThat(StoragePath.check(path)).isSameAs(path);
      Fuzzing.assertSafeRelativePath(path);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("invalid storage path");
    }
    Fuzzing.assertInTime(start);
  }
}

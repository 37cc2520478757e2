package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/** Invariants every Jazzer target in the packages checks the same way: time and path safety. */
public final class Fuzzing {
  /**
   * One input, however hostile, is handled within this. Generous for instrumented code on a busy
   * machine; an exponential blow-up (entity or interpolation expansion) takes far longer.
   */
  public static final Duration PER_INPUT = Duration.ofSeconds(2);

  private static final Path TREE = Path.of("/mirror/web");

  private Fuzzing() {}

  /**
   * Silences the warnings {@code owner} logs for each skipped entry (or restores them with {@code
   * false}): at 20,000 inputs a second they would slow fuzzing down and fill the disk.
   */
  public static void quiet(Class<?> owner, boolean quiet) {
    ((Logger) LoggerFactory.getLogger(owner)).setLevel(quiet ? Level.OFF : null);
  }

  /** Fails when more than {@link #PER_INPUT} has passed since {@code startNanos}. */
  public static void assertInTime(long startNanos) {
    assertThat(Duration.ofNanos(System.nanoTime() - startNanos))
        .as("time for one input")
        .isLessThanOrEqualTo(PER_INPUT);
  }

  /**
   * A path some check accepted: relative, without {@code .}, {@code ..} or empty segments, without
   * backslashes or control characters (NUL above all), and it resolves inside the tree.
   */
  public static void assertSafeRelativePath(String path) {
    assertThat(path).isNotEmpty().doesNotStartWith("/").doesNotContain("\\");
    assertThat(path.chars().noneMatch(c -> c < 0x20))
        .as("no control characters in %s", path.replace("\0", "\\0"))
        .isTrue();
    for (String segment : path.split("/", -1)) {
      assertThat(segment).as("a segment of %s", path).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
    }
    Path resolved = TREE.resolve(path).normalize();
    assertThat(resolved.startsWith(TREE) && !resolved.equals(TREE)).as("%s stays below the tree", path).isTrue();
  }
}

package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jubjub.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Any string as a project name: from a listing, a JSON document or a request path. Seeds:
 * {@code ProjectNameFuzzTestInputs/}. Fuzz for real: {@code JAZZER_FUZZ=1 ./mvnw -B test
 * -Dtest=ProjectNameFuzzTest}.
 */
class ProjectNameFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void normalizationIsIdempotentAndKeepsValidNamesValid(byte[] input) {
    String name = new String(input, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    String normalized = ProjectName.normalize(name);
    assertThat(ProjectName.normalize(normalized)).isEqualTo(normalized);
    if (ProjectName.isNormalized(name)) {
      assertThat(normalized).isSameAs(name);
      assertThat(ProjectName.isValid(name)).as("a normalized name is a valid name").isTrue();
    }
    if (ProjectName.isValid(name)) {
      // PEP 503's own definition: re.sub(r"[-_.]+", "-", name).lower().
      assertThat(normalized).isEqualTo(name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT));
      assertThat(ProjectName.isNormalized(normalized)).isTrue();
      assertThat(ProjectName.isValid(normalized)).isTrue();
      assertThat(ProjectName.of(name).normalized()).isEqualTo(normalized);
      // A normalized name is used as one path segment of the mirror.
      Fuzzing.assertSafeRelativePath(normalized);
      assertThat(normalized).doesNotContain("/", ".");
    } else {
      assertThatThrownBy(() -> ProjectName.of(name)).isInstanceOf(IllegalArgumentException.class);
    }
    String printable = ProjectName.printable(name);
    assertThat(printable.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).as("printable has no control characters").isTrue();
    assertThat(printable.codePointCount(0, printable.length())).isLessThanOrEqualTo(2 + 120 * 4 + 1);
    Fuzzing.assertInTime(start);
  }
}

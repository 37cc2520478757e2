package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionsTest {
  @Test
  void sortsAsPep440() {
    List<String> expected = List.of(
        "0.9", "1.0.dev3", "1.0a1", "1.0a2.dev1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.0.1",
        "1.1", "2.0", "10.0", "1!0.1");
    List<String> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new java.util.Random(3));
    shuffled.sort(Versions.ORDER);
    assertThat(shuffled).containsExactlyElementsOf(expected);
    assertThat(Versions.ORDER.compare("1.0", "1.0.0")).isZero();
  }

  @Test
  void knowsPrereleases() {
    assertThat(List.of("1.0a1", "2.0rc1", "1.0.dev3", "19.10b0", "0.3.0dev1")).allMatch(Versions::isPrerelease);
    assertThat(List.of("1.0", "1.0.post1", "3.13")).noneMatch(Versions::isPrerelease);
  }
}

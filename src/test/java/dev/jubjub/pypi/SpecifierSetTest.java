package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpecifierSetTest {
  private static boolean contains(String set, String version, boolean allowPrereleases) {
    return SpecifierSet.parse(set).contains(Version.parse(version), allowPrereleases);
  }

  @Test
  void everySpecifierMustMatch() {
    assertThat(contains("~=1.2, !=1.2.3", "1.2.4", false)).isTrue();
    assertThat(contains("~=1.2, !=1.2.3", "1.2.3", false)).isFalse();
    assertThat(contains("~=1.2, !=1.2.3", "2.0", false)).isFalse();
    assertThat(contains(">1.0,<1.0", "1.0", true)).isFalse();
  }

  @Test
  void emptySetContainsEveryFinalReleaseAndPrereleasesOnlyWhenAllowed() {
    SpecifierSet empty = SpecifierSet.parse("  ");
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty).isEqualTo(SpecifierSet.empty());
    assertThat(empty.contains(Version.parse("0.0.1"), false)).isTrue();
    assertThat(empty.contains(Version.parse("1.0a1"), false)).isFalse();
    assertThat(empty.contains(Version.parse("1.0a1"), true)).isTrue();
  }

  @Test
  void aPrereleaseInAnySpecifierLetsPrereleasesIn() {
    assertThat(contains(">=1.0a1, <2", "1.5b1", false)).isTrue();
    assertThat(contains(">=1.0, <2", "1.5b1", false)).isFalse();
    assertThat(contains(">=1.0, !=1.5b1", "1.6b1", false)).isFalse();
    assertThat(contains(">=1.0, <2", "1.5b1", true)).isTrue();
  }

  @Test
  void skipsBlankItemsBetweenCommas() {
    assertThat(SpecifierSet.parse(",>=1.0,, <2,").specifiers()).hasSize(2);
  }

  @Test
  void namesTheBadItemInItsMessage() {
    assertThatThrownBy(() -> SpecifierSet.parse(">=1.0, =>2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'=>2'")
        .hasMessageContaining("'>=1.0, =>2'");
  }

  @Test
  void printsSortedWithoutDuplicatesLikePackaging() {
    assertThat(SpecifierSet.parse(">=1.0.0, !=1.0.1, >=1.0.0")).hasToString("!=1.0.1,>=1.0.0");
    assertThat(SpecifierSet.parse("<2, >=1")).isEqualTo(SpecifierSet.parse(">=1.0,<2.0"));
  }
}

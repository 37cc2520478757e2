package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecifierTest {
  private static boolean matches(String spec, String version) {
    return Specifier.parse(spec).contains(Version.parse(version), true);
  }

  @Test
  void parsesOperatorAndKeepsVersionAsWritten() {
    Specifier s = Specifier.parse("  >=  1.0-alpha1 ");
    assertThat(s.operator()).isEqualTo(Specifier.Operator.GREATER_EQUAL);
    assertThat(s.versionText()).isEqualTo("1.0-alpha1");
    assertThat(s).hasToString(">=1.0-alpha1");
    assertThat(Specifier.parse("==1.2.*").isWildcard()).isTrue();
    assertThat(Specifier.parse("===anything-goes").operator()).isEqualTo(Specifier.Operator.ARBITRARY);
  }

  @Test
  void refusesWhatPep440Forbids() {
    for (String bad : List.of("1.0", "=1.0", ">=1.0.*", "<1.0+local", "~=1", "~=1.0.*", "~=1.0+x", "==1.0.*.*", "==1.0a1.*", ">>1", "")) {
      assertThatThrownBy(() -> Specifier.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid version specifier");
    }
  }

  @Test
  void equalityIgnoresLocalLabelsUnlessTheSpecHasOne() {
    assertThat(matches("==1.0", "1.0+anything")).isTrue();
    assertThat(matches("==1.0", "1.0.0")).isTrue();
    assertThat(matches("==1.0+abc", "1.0+abc")).isTrue();
    assertThat(matches("==1.0+abc", "1.0+abd")).isFalse();
    assertThat(matches("==1.0+abc", "1.0")).isFalse();
    assertThat(matches("!=1.0", "1.0+x")).isFalse();
  }

  @Test
  void wildcardsMatchByZeroPaddedReleasePrefix() {
    assertThat(matches("==1.0.*", "1")).isTrue();
    assertThat(matches("==1.0.0.*", "1.0")).isTrue();
    assertThat(matches("==1.*", "1.9.3a1")).isTrue();
    assertThat(matches("==1.0.*", "1.0.post1")).isTrue();
    assertThat(matches("==1.0.*", "1.1")).isFalse();
    assertThat(matches("==1.*", "1!1.0")).isFalse();
    assertThat(matches("==1!1.*", "1!1.0")).isTrue();
    assertThat(matches("!=1.0.*", "1.0.5")).isFalse();
    assertThat(matches("!=1.0.*", "1.1")).isTrue();
  }

  @Test
  void exclusiveLessThanSkipsPrereleasesOfTheBound() {
    assertThat(matches("<1.0", "1.0rc1")).isFalse();
    assertThat(matches("<1.0", "1.0.dev0")).isFalse();
    assertThat(matches("<1.0", "0.9a1")).isTrue();
    assertThat(matches("<1.0rc2", "1.0rc1")).isTrue();
    assertThat(matches("<1.0", "0.9+local")).isTrue();
  }

  @Test
  void exclusiveGreaterThanSkipsPostAndLocalReleasesOfTheBound() {
    assertThat(matches(">1.0", "1.0.post1")).isFalse();
    assertThat(matches(">1.0", "1.0+local")).isFalse();
    assertThat(matches(">1.0", "1.0.1")).isTrue();
    assertThat(matches(">1.0.post1", "1.0.post2")).isTrue();
    assertThat(matches(">1.0a1", "1.0a1.post1")).isFalse();
    assertThat(matches(">1.0a1", "1.0a2+local")).isTrue();
  }

  @Test
  void inclusiveBoundsIgnoreLocalLabels() {
    assertThat(matches("<=1.0", "1.0+local")).isTrue();
    assertThat(matches(">=1.0", "1.0+local")).isTrue();
    assertThat(matches(">=1.0", "1.0rc1")).isFalse();
  }

  @Test
  void compatibleReleaseDropsTheLastReleaseNumber() {
    assertThat(matches("~=2.2", "2.9")).isTrue();
    assertThat(matches("~=2.2", "3.0")).isFalse();
    assertThat(matches("~=1.4.5", "1.4.9")).isTrue();
    assertThat(matches("~=1.4.5", "1.5")).isFalse();
    assertThat(matches("~=1.4.5a4", "1.4.5")).isTrue();
    assertThat(matches("~=1.4.5a4", "1.4.5a3")).isFalse();
    // packaging 26 reads these spellings wrongly (see PackagingParityTest); PEP 440 holds here.
    assertThat(matches("~=1.4.5c1", "1.4.6")).isTrue();
    assertThat(matches("~=v1.4.5", "1.4.6")).isTrue();
  }

  @Test
  void arbitraryEqualityComparesNormalizedTextCaseInsensitively() {
    assertThat(matches("===1.0", "1.0")).isTrue();
    assertThat(matches("===1.0", "1.0.0")).isFalse();
    assertThat(matches("===1.0+LOCAL", "1.0+local")).isTrue();
    assertThat(matches("===1.0a1", "1.0alpha1")).isTrue();
  }

  @Test
  void mentionsPrereleaseExceptForNotEqualAndWildcards() {
    assertThat(Specifier.parse(">=1.0a1").mentionsPrerelease()).isTrue();
    assertThat(Specifier.parse("<1.0.dev0").mentionsPrerelease()).isTrue();
    assertThat(Specifier.parse("!=1.0a1").mentionsPrerelease()).isFalse();
    assertThat(Specifier.parse("===1.0rc1").mentionsPrerelease()).isTrue();
    assertThat(Specifier.parse("===foo").mentionsPrerelease()).isFalse();
    assertThat(Specifier.parse(">=1.0").mentionsPrerelease()).isFalse();
  }

  @Test
  void prereleasesMatchOnlyWhenAllowedOrMentioned() {
    Version pre = Version.parse("1.5b1");
    assertThat(Specifier.parse(">=1.0").contains(pre, false)).isFalse();
    assertThat(Specifier.parse(">=1.0").contains(pre, true)).isTrue();
    assertThat(Specifier.parse(">=1.0b1").contains(pre, false)).isTrue();
  }

  @Test
  void equalSpecifiersShareTheirCanonicalForm() {
    assertThat(Specifier.parse("==1.2.3")).isEqualTo(Specifier.parse("== 1.2.3.0")).hasSameHashCodeAs(Specifier.parse("==1.2.3.0"));
    assertThat(Specifier.parse("~=1.0")).isNotEqualTo(Specifier.parse("~=1.0.0"));
    assertThat(Specifier.parse("==1.0")).isNotEqualTo(Specifier.parse("!=1.0"));
  }
}

package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionTest {
  @Test
  void normalizesSpellingsAsPackagingPrintsThem() {
    assertThat(Version.parse("1.0alpha1")).hasToString("1.0a1");
    assertThat(Version.parse("1.0-BETA.2")).hasToString("1.0b2");
    assertThat(Version.parse("1.0c1")).hasToString("1.0rc1");
    assertThat(Version.parse("1.0pre1")).hasToString("1.0rc1");
    assertThat(Version.parse("1.0preview")).hasToString("1.0rc0");
    assertThat(Version.parse("1.0-1")).hasToString("1.0.post1");
    assertThat(Version.parse("1.0rev")).hasToString("1.0.post0");
    assertThat(Version.parse("1.0-r-3")).hasToString("1.0.post3");
    assertThat(Version.parse("1.0_dev_4")).hasToString("1.0.dev4");
    assertThat(Version.parse("v01.002")).hasToString("1.2");
    assertThat(Version.parse("0!1.0")).hasToString("1.0");
    assertThat(Version.parse("2!1.0+Ubuntu-01_b")).hasToString("2!1.0+ubuntu.1.b");
    assertThat(Version.parse("  1.0\n")).hasToString("1.0");
  }

  @Test
  void refusesLegacyVersions() {
    for (String legacy : List.of("2004d", "1.0-beta-final-x", "", "1.0.", "1..0", "1.0+", "1.0 beta", "dev", "1.0a1a1", "\uff11.0")) {
      assertThat(Version.tryParse(legacy)).as(legacy).isEmpty();
      assertThatThrownBy(() -> Version.parse(legacy))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid PEP 440 version");
    }
    assertThat(Version.tryParse(null)).isEmpty();
  }

  @Test
  void ordersAsPep440Says() {
    List<String> ascending =
        List.of(
            "0.9", "1.0.dev0", "1.0.dev1", "1.0a0.dev1", "1.0a0", "1.0a1", "1.0a1.post1.dev1", "1.0a1.post1", "1.0b1",
            "1.0rc1.dev1", "1.0rc1", "1.0", "1.0+abc", "1.0+abc.1", "1.0+abd", "1.0+1", "1.0+2.a", "1.0+10",
            "1.0.post0.dev0", "1.0.post0", "1.0.post1", "1.0.1", "1.1.dev0", "2", "10", "1!0.1");
    List<Version> versions = new ArrayList<>(ascending.stream().map(Version::parse).toList());
    Collections.shuffle(versions, new Random(1));
    Collections.sort(versions);
    assertThat(versions).extracting(Version::toString).containsExactlyElementsOf(ascending);
  }

  @Test
  void trailingZerosDoNotChangeEqualityOrHash() {
    Version a = Version.parse("1.0");
    Version b = Version.parse("1.0.0.0");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.compareTo(b)).isZero();
    assertThat(a).isNotEqualTo(Version.parse("1.0.0.1"));
    assertThat(Version.parse("1.0+01")).isEqualTo(Version.parse("1.0+1"));
    assertThat(Version.parse("0")).isEqualTo(Version.parse("0.0"));
  }

  @Test
  void numbersAreUnbounded() {
    Version big = Version.parse("99999999999999999999999.1");
    assertThat(big.release()).containsExactly(new BigInteger("99999999999999999999999"), BigInteger.ONE);
    assertThat(big).isGreaterThan(Version.parse("9223372036854775807.9"));
  }

  @Test
  void classifiesPreDevAndPostReleases() {
    Version v = Version.parse("1!2.0rc1.post3.dev4+local");
    assertThat(v.isPrerelease()).isTrue();
    assertThat(v.isDevrelease()).isTrue();
    assertThat(v.isPostrelease()).isTrue();
    assertThat(v.epoch()).isEqualTo(BigInteger.ONE);
    assertThat(v.pre()).contains("rc1");
    assertThat(v.post()).contains(BigInteger.valueOf(3));
    assertThat(v.dev()).contains(BigInteger.valueOf(4));
    assertThat(v.local()).contains("local");
    assertThat(v.baseVersion()).hasToString("1!2.0");
    assertThat(v.publicVersion()).hasToString("1!2.0rc1.post3.dev4");

    Version post = Version.parse("1.0.post1");
    assertThat(post.isPrerelease()).isFalse();
    assertThat(post.isPostrelease()).isTrue();
    assertThat(Version.parse("1.0.dev0").isPrerelease()).isTrue();
    assertThat(Version.parse("1.0+abc").isPrerelease()).isFalse();
  }

  @Test
  void releaseKeepsTrailingZerosAsWritten() {
    assertThat(Version.parse("1.0.0").release()).hasSize(3);
    assertThat(Version.parse("1.0.0")).hasToString("1.0.0");
  }

  @Test
  void orderingIsATotalOrderConsistentWithEquals() {
    // Invariants over many generated versions: antisymmetry, transitivity, equals iff compare 0.
    Random random = new Random(7);
    String[][] segments = {{"", "1!"}, {"0", "1", "1.0", "1.0.1", "2"}, {"", "a1", "b0", "rc2"}, {"", ".post1"},
        {"", ".dev3", ".dev0"}, {"", "+x.1", "+1", "+x"}};
    List<Version> vs = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      StringBuilder text = new StringBuilder();
      for (String[] options : segments) {
        text.append(options[random.nextInt(options.length)]);
      }
      vs.add(Version.parse(text.toString()));
    }
    for (Version a : vs) {
      for (Version b : vs) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        assertThat(a.equals(b)).isEqualTo(a.compareTo(b) == 0);
        if (a.equals(b)) {
          assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
        for (Version c : vs.subList(0, 20)) {
          if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
          }
        }
      }
    }
  }

  @Test
  void aVersionOfThousandsOfSegmentsIsNoVersionNotAStackOverflow() {
    org.assertj.core.api.Assertions.assertThat(Version.tryParse("1" + ".0".repeat(3000))).isEmpty();
    org.assertj.core.api.Assertions.assertThat(Version.tryParse("1" + ".0".repeat(100))).isPresent();
  }
}

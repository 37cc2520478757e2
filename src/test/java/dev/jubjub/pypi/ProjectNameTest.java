package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProjectNameTest {
  @Test
  void normalizesAsPep503Says() {
    assertThat(ProjectName.of("Foo.Bar_baz").normalized()).isEqualTo("foo-bar-baz");
    assertThat(ProjectName.of("ZOPE..Interface").normalized()).isEqualTo("zope-interface");
    assertThat(ProjectName.of("a-_.b").normalized()).isEqualTo("a-b");
    assertThat(ProjectName.of("PyYAML").normalized()).isEqualTo("pyyaml");
  }

  @Test
  void refusesNamesThatCouldBecomeHostilePaths() {
    for (String bad : new String[] {"", "..", "../etc", "a/b", "a\\b", "-a", "a-", "a\u0000b", "é", "x".repeat(201)}) {
      assertThatThrownBy(() -> ProjectName.of(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThat(ProjectName.isValid(bad)).isFalse();
    }
  }

  @Test
  void isNormalizedAgreesWithNormalizeOnValidNames() {
    for (String name : new String[] {"a", "foo-bar", "foo--bar", "Foo", "foo_bar", "foo.bar", "-a", "a-", "0x", "a1-b2-c3", ""}) {
      boolean expected = ProjectName.isValid(name) && ProjectName.normalize(name).equals(name);
      assertThat(ProjectName.isNormalized(name)).as(name).isEqualTo(expected);
    }
  }

  @Test
  void printableQuotesControlCharacters() {
    assertThat(ProjectName.printable("a\nb")).isEqualTo("'a\\x0ab'");
  }
}

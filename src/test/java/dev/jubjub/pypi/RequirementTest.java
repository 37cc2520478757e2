package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequirementTest {
  @Test
  void parsesNameExtrasSpecifiersAndMarker() {
    Requirement r = Requirement.parse("Foo.Bar[security, socks] (>=2.8.1, <3) ; python_version >= '3.8'");
    assertThat(r.name()).isEqualTo(ProjectName.of("Foo.Bar"));
    assertThat(r.extras()).containsExactly("security", "socks");
    assertThat(r.specifiers()).isEqualTo(SpecifierSet.parse(">=2.8.1,<3"));
    assertThat(r.marker()).contains("python_version >= '3.8'");
    assertThat(r.url()).isEmpty();
    assertThat(r).hasToString("Foo.Bar[security,socks]<3,>=2.8.1; python_version >= '3.8'");
  }

  @Test
  void parsesPinsAndRanges() {
    assertThat(Requirement.parse("requests==2.31.0").specifiers().contains(Version.parse("2.31.0"), false)).isTrue();
    Requirement range = Requirement.parse("django>=4.2,<5");
    assertThat(range.specifiers().specifiers()).extracting(Specifier::toString).containsExactly(">=4.2", "<5");
  }

  @Test
  void aUrlRequirementHasNoSpecifiers() {
    Requirement r = Requirement.parse("pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee ; os_name == 'nt'");
    assertThat(r.url()).contains("https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee");
    assertThat(r.specifiers().isEmpty()).isTrue();
    assertThat(r.marker()).contains("os_name == 'nt'");
    assertThatThrownBy(() -> new Requirement(ProjectName.of("a"), java.util.Set.of(), SpecifierSet.parse(">=1"),
            Optional.of("https://x"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMalformedRequirementsNamingTheColumn() {
    assertThatThrownBy(() -> Requirement.parse("foo bar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Expected semicolon (after name with no version specifier) or end")
        .hasMessageContaining("column 5");
    assertThatThrownBy(() -> Requirement.parse("foo>=1.0.*")).hasMessageContaining(".* suffix can only be used with");
    assertThatThrownBy(() -> Requirement.parse("foo[bar baz]")).hasMessageContaining("Expected comma between extra names");
    assertThatThrownBy(() -> Requirement.parse("foo; bogus == '1'")).hasMessageContaining("marker variable");
    assertThatThrownBy(() -> Requirement.parse("foo; os_name not 'x'")).hasMessageContaining("Expected 'in' after 'not'");
    assertThatThrownBy(() -> Requirement.parse("foo_")).hasMessageContaining("invalid project name");
  }

  @Test
  void checksMarkerSyntaxButKeepsItsText() {
    assertThat(Requirement.parse("foo; (os_name=='nt' or sys.platform == \"win32\") and 'x' not in extra").marker())
        .contains("(os_name=='nt' or sys.platform == \"win32\") and 'x' not in extra");
  }

  @Test
  void lineParsingDropsCommentsAndBlankLines() {
    assertThat(Requirement.parseLine("   ")).isEmpty();
    assertThat(Requirement.parseLine("# just a comment")).isEmpty();
    assertThat(Requirement.parseLine("foo==1.0  # pinned for reasons").map(Requirement::toString)).contains("foo==1.0");
    // A '#' inside a word is not a comment, so URL fragments survive.
    assertThat(Requirement.parseLine("foo @ https://x/foo.whl#sha256=ab").flatMap(Requirement::url))
        .contains("https://x/foo.whl#sha256=ab");
  }

  @Test
  void namesComparesNormalizedProjectNames() {
    assertThat(Requirement.parse("Foo_Bar>=1").names(ProjectName.of("foo-bar"))).isTrue();
    assertThat(Requirement.parse("foo").names(ProjectName.of("foobar"))).isFalse();
  }
}

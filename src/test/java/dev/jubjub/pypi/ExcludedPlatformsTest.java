package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cases of bandersnatch's src/bandersnatch/tests/plugins/test_filename.py, and its quirks. */
class ExcludedPlatformsTest {
  private static final ExcludedPlatforms MULTI =
      ExcludedPlatforms.parse("windows\n    freebsd\n    macos\n    linux_armv7l\n    py3\n    py3.5\n    py3.7\n    py3.9\n");

  private record Case(String packageType, String filename, boolean drop) {}

  @Test
  void dropsWhatBandersnatchsMultiPlatformTestDrops() {
    List<Case> cases =
        List.of(
            new Case("sdist", "foobar-1.0-win32.tar.gz", false),
            new Case("bdist_msi", "foobar-1.0.msi", true),
            new Case("bdist_wininst", "foobar-1.0.exe", true),
            new Case("bdist_dmg", "foobar-1.0.dmg", true),
            new Case("bdist_wheel", "foobar-1.0-win32.zip", true),
            new Case("bdist_wheel", "foobar-1.0-linux.tar.gz", false),
            new Case("bdist_wheel", "foobar-1.0-manylinux1_i686.whl", false),
            new Case("bdist_wheel", "foobar-1.0-linux_armv7l.whl", true),
            new Case("bdist_wheel", "foobar-1.0-macosx_10_14_x86_64.whl", true),
            new Case("bdist_egg", "foobar-1.0-win_amd64.zip", true),
            new Case("unknown", "foobar-1.0-unknown", false),
            new Case("sdist", "foobar-0.1-win32.msi", false),
            new Case("bdist_wheel", "foobar-0.1-win32.whl", true),
            new Case("bdist_wheel", "foobar-0.1-py3-none-any.whl", true),
            new Case("bdist_egg", "foobar-0.1-freebsd-6.0-RELEASE-i386.egg", true),
            new Case("bdist_wheel", "foobar-0.3-cp35-cp35m-manylinux1_x86_64.whl", true),
            new Case("bdist_wheel", "foobar-0.3-cp36-cp36m-manylinux1_x86_64.whl", false),
            new Case("bdist_wheel", "foobar-0.3-cp37-manylinux1_x86_64.whl", true),
            new Case("bdist_wheel", "foobar-0.3-pp38-pypy38-manylinux1_x86_64.whl", false),
            new Case("bdist_wheel", "foobar-0.3-cp39-cp39m-manylinux1_x86_64.whl", true));
    for (Case c : cases) {
      assertThat(MULTI.excludes(c.filename(), c.packageType())).as(c.filename()).isEqualTo(c.drop());
    }
    assertThat(MULTI.warnings()).isEmpty();
  }

  @Test
  void linuxDropsPep600AndMusllinuxTagsButNotNamesThatMerelyContainThem() {
    ExcludedPlatforms linux = ExcludedPlatforms.parse("linux");
    assertThat(linux.excludes("foobar-1.0-py3-none-any.whl", "bdist_wheel")).isFalse();
    assertThat(linux.excludes("foobar-1.0-cp312-cp312-manylinux_2_17_x86_64.whl", "bdist_wheel")).isTrue();
    assertThat(linux.excludes("foobar-1.0-cp312-cp312-manylinux2014_x86_64.whl", "bdist_wheel")).isTrue();
    assertThat(linux.excludes("foobar-1.0-cp312-cp312-musllinux_1_1_x86_64.whl", "bdist_wheel")).isTrue();
    assertThat(linux.excludes("manylinux_foo-1.0-py3-none-any.whl", "bdist_wheel")).isFalse();
    assertThat(linux.excludes("foo-1.0-1.noarch.rpm", "bdist_rpm")).isTrue();
    // Not in bandersnatch's list: plain linux_x86_64 wheels (PyPI refuses them anyway).
    assertThat(linux.excludes("foo-1.0-cp312-cp312-linux_x86_64.whl", "bdist_wheel")).isFalse();
  }

  @Test
  void pythonVersionsMatchInterpreterTagsAsBandersnatchBuildsThem() {
    assertThat(ExcludedPlatforms.pythonPatterns("py3.6"))
        .containsExactly("-cp36-", "-pp36-", "-ip36-", "-jy36-", "-py3.6-", "-py3.6.");
    ExcludedPlatforms py27 = ExcludedPlatforms.of(Set.of("PY2.7"));
    assertThat(py27.excludes("foo-1.0-py2.7.egg", "bdist_egg")).isTrue();
    assertThat(py27.excludes("foo-1.0.win32-py2.7.exe", null)).isTrue();
    assertThat(py27.excludes("foo-1.0-cp27-cp27mu-manylinux1_x86_64.whl", "bdist_wheel")).isTrue();
    // bandersnatch builds -py2.7- and -cp27-, never -py27-.
    assertThat(py27.excludes("foo-1.0-py27-none-any.whl", "bdist_wheel")).isFalse();
    ExcludedPlatforms py2 = ExcludedPlatforms.parse("py2");
    assertThat(py2.excludes("foo-1.0-py2.py3-none-any.whl", "bdist_wheel")).isTrue();
    assertThat(ExcludedPlatforms.parse("py3").excludes("foo-1.0-py2.py3-none-any.whl", "bdist_wheel")).isFalse();
  }

  @Test
  void aSingleTagKeywordExcludesOnlyThatTag() {
    ExcludedPlatforms amd64 = ExcludedPlatforms.parse("win_amd64");
    assertThat(amd64.patterns()).containsExactly("win_amd64");
    assertThat(amd64.excludes("foo-1.0-cp311-cp311-win_amd64.whl", "bdist_wheel")).isTrue();
    assertThat(amd64.excludes("foo-1.0-cp311-cp311-win32.whl", "bdist_wheel")).isFalse();
    assertThat(amd64.excludes("foo-1.0.win32.exe", "bdist_wininst")).isFalse();
  }

  @Test
  void windowsAndMacosExcludeTheirInstallersWhateverTheirNames() {
    ExcludedPlatforms both = ExcludedPlatforms.parse("WIN macosx");
    assertThat(both.packageTypes()).containsExactlyInAnyOrder("bdist_msi", "bdist_wininst", "bdist_dmg");
    assertThat(both.excludes("whatever.bin", "bdist_wininst")).isTrue();
    assertThat(both.excludes("foo-1.0-cp311-cp311-win_arm64.whl", "bdist_wheel")).isTrue();
    assertThat(both.excludes("foo-1.0-cp311-cp311-macosx_11_0_arm64.whl", "bdist_wheel")).isTrue();
    assertThat(both.excludes("foo-1.0.macosx-10.6-intel.tar.gz", "bdist_dumb")).isTrue();
  }

  @Test
  void partsOfFreebsdOrLinuxCountAsTheWholeWordWithAWarning() {
    ExcludedPlatforms bsd = ExcludedPlatforms.parse("bsd");
    assertThat(bsd.patterns()).containsExactly(".freebsd", "-freebsd");
    assertThat(bsd.warnings()).singleElement().asString().contains("'bsd' taken as freebsd");
    ExcludedPlatforms x = ExcludedPlatforms.parse("x");
    assertThat(x.patterns()).contains("musllinux");
    assertThat(x.packageTypes()).containsExactly("bdist_rpm");
  }

  @Test
  void unknownKeywordsAreIgnoredWithAWarning() {
    ExcludedPlatforms ignored = ExcludedPlatforms.parse("cp27 win32 py3.15");
    assertThat(ignored.patterns()).isEmpty();
    assertThat(ignored.warnings()).hasSize(3).allSatisfy(w -> assertThat(w).contains("ignored"));
    assertThat(ignored.excludes("foo-1.0-cp27-cp27m-win32.whl", "bdist_wheel")).isFalse();
  }

  @Test
  void neverExcludesAnSdist() {
    assertThat(ExcludedPlatforms.matches("foo-1.0.win32.zip", "sdist", Set.of("windows"))).isFalse();
    assertThat(ExcludedPlatforms.parse("").excludes("foo-1.0-cp311-cp311-win32.whl", "bdist_wheel")).isFalse();
  }

  @Test
  void withoutAPackageTypeTheFileNameDecides() {
    assertThat(ExcludedPlatforms.matches("foo-1.0.win32.exe", Set.of("windows"))).isTrue();
    assertThat(ExcludedPlatforms.matches("foo-1.0.exe", Set.of("windows"))).isTrue();
    assertThat(ExcludedPlatforms.matches("foo-1.0-py2.7-macosx10.6.dmg", Set.of("macos"))).isTrue();
    assertThat(ExcludedPlatforms.matches("foo-1.0.tar.gz", Set.of("windows", "linux", "macos", "py3"))).isFalse();
    assertThat(ExcludedPlatforms.matches("not-a-dist.bin", Set.of("windows"))).isFalse();
  }
}

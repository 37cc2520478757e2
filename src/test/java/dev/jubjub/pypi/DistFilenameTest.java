package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DistFilenameTest {
  @Test
  void readsWheelsWithCompressedTagSets() {
    DistFilename d = DistFilename.parse("foo_bar-1.0-py2.py3-none-any.whl");
    assertThat(d.kind()).isEqualTo(DistFilename.Kind.WHEEL);
    assertThat(d.project()).isEqualTo("foo_bar");
    assertThat(d.version()).isEqualTo("1.0");
    assertThat(d.build()).isEmpty();
    assertThat(d.pythonTags()).containsExactly("py2", "py3");
    assertThat(d.abiTags()).containsExactly("none");
    assertThat(d.platformTags()).containsExactly("any");

    DistFilename numpy =
        DistFilename.parse("numpy-2.0.0-1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
    assertThat(numpy.build()).contains("1");
    assertThat(numpy.platformTags()).containsExactly("manylinux_2_17_x86_64", "manylinux2014_x86_64");
    assertThat(numpy.pep440Version()).contains(Version.parse("2.0.0"));
  }

  @Test
  void refusesMalformedWheelNames() {
    for (String bad : List.of("foo-1.0-py3-none.whl", "foo-1.0-x-py3-none-any.whl", "a-b-c-d-e-f-g.whl", "foo--py3-none-any.whl")) {
      assertThatThrownBy(() -> DistFilename.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(DistFilename.tryParse("../evil-1.0.tar.gz")).isEmpty();
    assertThat(DistFilename.tryParse("README.txt")).isEmpty();
  }

  @Test
  void readsSdistsOfEveryArchiveFormat() {
    for (String ext : DistFilename.Kind.SDIST.extensions()) {
      DistFilename d = DistFilename.parse("Django-4.2.1" + ext);
      assertThat(d.kind()).as(ext).isEqualTo(DistFilename.Kind.SDIST);
      assertThat(d.project()).isEqualTo("Django");
      assertThat(d.version()).isEqualTo("4.2.1");
      assertThat(d.kind().packageType()).isEqualTo("sdist");
    }
  }

  @Test
  void splitsAmbiguousNamesWhereAPep440VersionIsLeft() {
    assertThat(DistFilename.parse("py-3to2-1.0.tar.gz").project()).isEqualTo("py-3to2");
    assertThat(DistFilename.parse("foo-bar-1.0-1.tar.gz").version()).isEqualTo("1.0-1");
    DistFilename legacy = DistFilename.parse("foo-1.0-beta-final.zip");
    assertThat(legacy.project()).isEqualTo("foo");
    assertThat(legacy.version()).isEqualTo("1.0-beta-final");
    assertThat(legacy.pep440Version()).isEmpty();
    assertThat(DistFilename.parse("pytz-2004d.tar.bz2").version()).isEqualTo("2004d");
  }

  @Test
  void readsEggsWithPythonAndPlatform() {
    DistFilename egg = DistFilename.parse("foo_bar-1.0-py2.7-linux-x86_64.egg");
    assertThat(egg.project()).isEqualTo("foo_bar");
    assertThat(egg.pythonTags()).containsExactly("py2.7");
    assertThat(egg.platformTags()).containsExactly("linux-x86_64");
    DistFilename bsd = DistFilename.parse("foobar-0.1-freebsd-6.0-RELEASE-i386.egg");
    assertThat(bsd.pythonTags()).isEmpty();
    assertThat(bsd.platformTags()).containsExactly("freebsd-6.0-RELEASE-i386");
    assertThat(DistFilename.parse("foo-1.0-py3.6.egg").platformTags()).isEmpty();
  }

  @Test
  void readsWindowsInstallers() {
    DistFilename exe = DistFilename.parse("foo-1.0.win-amd64-py2.7.exe");
    assertThat(exe.kind().packageType()).isEqualTo("bdist_wininst");
    assertThat(exe.project()).isEqualTo("foo");
    assertThat(exe.version()).isEqualTo("1.0");
    assertThat(exe.pythonTags()).containsExactly("py2.7");
    assertThat(exe.platformTags()).containsExactly("win-amd64");
    assertThat(DistFilename.parse("foo-1.0.win32.exe").platformTags()).containsExactly("win32");
    DistFilename msi = DistFilename.parse("foo-bar-2.1.win32-py3.4.msi");
    assertThat(msi.kind()).isEqualTo(DistFilename.Kind.MSI);
    assertThat(msi.project()).isEqualTo("foo-bar");
    assertThat(DistFilename.parse("foobar-1.0.exe").platformTags()).isEmpty();
  }

  @Test
  void readsRpmsAndDmgs() {
    DistFilename rpm = DistFilename.parse("foo-1.0-1.noarch.rpm");
    assertThat(rpm.project()).isEqualTo("foo");
    assertThat(rpm.version()).isEqualTo("1.0");
    assertThat(rpm.build()).contains("1");
    assertThat(rpm.platformTags()).containsExactly("noarch");
    DistFilename dmg = DistFilename.parse("foo-1.0-py2.7-macosx10.6.dmg");
    assertThat(dmg.version()).isEqualTo("1.0");
    assertThat(dmg.pythonTags()).containsExactly("py2.7");
    assertThat(dmg.platformTags()).containsExactly("macosx10.6");
    assertThat(DistFilename.parse("foobar-1.0.dmg").version()).isEqualTo("1.0");
  }

  @Test
  void matchesPlatformAsBandersnatchWouldForTheFilesKind() {
    assertThat(DistFilename.parse("foo-1.0-cp311-cp311-win_amd64.whl").matchesPlatform(Set.of("windows"))).isTrue();
    assertThat(DistFilename.parse("foo-1.0.msi").matchesPlatform(Set.of("windows"))).isTrue();
    assertThat(DistFilename.parse("foo-1.0.win32.zip").matchesPlatform(Set.of("windows"))).isFalse(); // read as an sdist
    assertThat(DistFilename.parse("foo-1.0-cp311-cp311-win_amd64.whl").matchesPlatform(Set.of("linux"))).isFalse();
  }
}

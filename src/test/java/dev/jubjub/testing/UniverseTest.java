package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UniverseTest {
  private static final Universe SIXTY = Universe.generate(42, 60);

  @Test
  void sameSeedSameUniverseOtherSeedOtherUniverse() {
    var again = Universe.generate(42, 60);
    assertThat(hashes(again)).isEqualTo(hashes(SIXTY));
    assertThat(again.serial()).isEqualTo(SIXTY.serial());
    assertThat(hashes(Universe.generate(43, 60))).isNotEqualTo(hashes(SIXTY));
  }

  @Test
  void generatedUniverseHasTheShapesMirrorsMeet() {
    assertThat(SIXTY.projects()).hasSize(60);
    List<UpstreamFile> files = SIXTY.files();
    assertThat(files).hasSizeBetween(250, 900);
    assertThat(files).allMatch(f -> f.size() > 500 && f.size() < 8000, "a few KB each");
    assertThat(files).extracting(UpstreamFile::filename)
        .anyMatch(n -> n.endsWith("-py3-none-any.whl"))
        .anyMatch(n -> n.endsWith("-win32.whl"))
        .anyMatch(n -> n.endsWith("-win_amd64.whl"))
        .anyMatch(n -> n.contains("-macosx_"))
        .anyMatch(n -> n.contains("-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"))
        .anyMatch(n -> n.endsWith(".tar.gz"));
    assertThat(files).anyMatch(UpstreamFile::yanked);
    assertThat(files).anyMatch(f -> f.requiresPython() != null && f.requiresPython().contains("<"));
    assertThat(SIXTY.projects()).flatExtracting(UpstreamProject::releases).extracting(UpstreamRelease::version)
        .contains("1.0a1", "2.0rc1", "1.0.dev3");
    assertThat(SIXTY.projects()).extracting(UpstreamProject::name)
        .contains("Foo.Bar_baz", "ZOPE.Interface", "Base_Core", "lib.mid", "jubjub-app", "jubjub-mid", "jubjub-base")
        .anyMatch(n -> !n.equals(Names.normalize(n)) && !List.of("Foo.Bar_baz", "ZOPE.Interface", "Base_Core", "lib.mid").contains(n));
  }

  @Test
  void dependencyChainIsPinnedAndLatestIsFinalRelease() {
    UpstreamProject app = SIXTY.require("jubjub-app");
    assertThat(app.releases()).extracting(UpstreamRelease::version).containsExactly("1.0.0", "1.1.0", "2.0.0rc1");
    assertThat(app.latestRelease().orElseThrow().version()).isEqualTo("1.1.0");
    assertThat(app.latestRelease().orElseThrow().info().get("requires_dist").toString()).contains("jubjub-mid>=1.1");
    assertThat(SIXTY.require("JUBJUB_MID").release("1.1.0").orElseThrow().info().get("requires_dist").toString())
        .contains("jubjub-base>=1.1");
    assertThat(SIXTY.require("jubjub.base").files()).allMatch(f -> f.filename().endsWith("-py3-none-any.whl") || f.filename().endsWith(".tar.gz"));
  }

  @Test
  void everyMutationRaisesTheGlobalAndProjectSerial() {
    Universe u = Universe.generate(7, 20);
    long s0 = u.serial();
    UpstreamProject p = u.addRelease("Foo.Bar_baz", ReleaseSpec.of("2.0", FileKind.PURE_WHEEL, FileKind.SDIST, FileKind.WIN_AMD64));
    assertThat(u.serial()).isEqualTo(s0 + 4); // new release + three files
    assertThat(p.lastSerial()).isEqualTo(u.serial());
    assertThat(u.changelogSince(s0)).extracting(ChangelogEntry::action).containsExactly(
        "new release", "add py3 file foo_bar_baz-2.0-py3-none-any.whl", "add source file foo_bar_baz-2.0.tar.gz",
        "add cp311 file foo_bar_baz-2.0-cp311-cp311-win_amd64.whl");

    long s1 = u.serial();
    assertThat(u.yankRelease("foo-bar-baz", "2.0", "oops").lastSerial()).isEqualTo(s1 + 1);
    assertThat(u.require("foo-bar-baz").release("2.0").orElseThrow().files()).allMatch(f -> f.yanked() && "oops".equals(f.yankedReason()));
    assertThat(u.yankFile("jubjub-base", "jubjub_base-1.0.0.tar.gz", "").lastSerial()).isEqualTo(s1 + 2);
    assertThat(u.removeFile("jubjub-base", "jubjub_base-1.0.0.tar.gz").file("jubjub_base-1.0.0.tar.gz")).isEmpty();
    assertThat(u.touch("jubjub-app").lastSerial()).isEqualTo(s1 + 4);
    assertThat(u.addProject("New.Project").lastSerial()).isEqualTo(s1 + 5);
    u.removeProject("new-project");
    assertThat(u.serial()).isEqualTo(s1 + 6);
    assertThat(u.project("New.Project")).isEmpty();
    assertThat(u.changelogSince(s1)).extracting(ChangelogEntry::action).containsExactly(
        "yank release", "yank file jubjub_base-1.0.0.tar.gz", "remove file jubjub_base-1.0.0.tar.gz",
        "update description", "create", "remove project");
    assertThat(u.changelogSince(0)).extracting(ChangelogEntry::serial).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void removedFilesAndProjectsAreNoLongerServed() {
    Universe u = Universe.generate(7, 20);
    UpstreamFile file = u.require("lib.mid").files().get(0);
    assertThat(u.fileAt(file.urlPath())).contains(file);
    u.removeProject("LIB_MID");
    assertThat(u.fileAt(file.urlPath())).isEmpty();
    assertThatThrownBy(() -> u.addRelease("lib.mid", "9.9")).hasMessageContaining("lib.mid");
  }

  @Test
  void corruptFileKeepsTheListingButServesOtherBytes() {
    Universe u = Universe.generate(7, 20);
    UpstreamFile before = u.require("jubjub-app").files().get(0);
    long serial = u.serial();
    u.corruptFile("jubjub-app", before.filename());
    UpstreamFile after = u.fileAt(before.urlPath()).orElseThrow();
    assertThat(after.sha256()).isEqualTo(before.sha256());
    assertThat(Digests.sha256(after.content())).isNotEqualTo(before.sha256());
    assertThat(after.content()).hasSameSizeAs(before.content());
    assertThat(u.serial()).isEqualTo(serial);
  }

  private static List<String> hashes(Universe u) {
    return u.files().stream().map(f -> f.filename() + " " + f.sha256()).collect(Collectors.toList());
  }
}

package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.testing.UpstreamProject;
import dev.jubjub.testing.UpstreamRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partial mirrors from the config file alone, with bandersnatch's plugin names. */
class FilterCommandTest {
  @TempDir Path tmp;

  static Set<String> mirroredFiles(MirrorFixture m) throws Exception {
    try (Stream<Path> walk = Files.walk(m.web().resolve("packages"))) {
      return walk.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".metadata"))
          .collect(Collectors.toSet());
    }
  }

  @Test
  void platformBlocklistKeepsNoWindowsOrMacFilesAndPipStillInstalls() throws Exception {
    Universe universe = Universe.generate(41, 40);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake,
          "\n[plugins]\nenabled =\n    exclude_platform\n[blocklist]\nplatforms =\n    windows\n    macos\n");
      Processes.assertOk(m.run("mirror"));
      Set<String> files = mirroredFiles(m);
      assertThat(files).isNotEmpty().noneMatch(f -> f.contains("win32") || f.contains("win_amd64") || f.contains("macosx"));
      assertThat(files).anyMatch(f -> f.contains("manylinux"));
      assertThat(universe.files()).anyMatch(f -> f.filename().contains("win_amd64"));
      String pages = MirrorCommandTest.allPages(m);
      assertThat(pages).doesNotContain("win32", "win_amd64", "macosx").contains("manylinux");
      assertThat(Files.readString(m.web().resolve("json/" + universe.projects().stream()
              .filter(p -> p.files().stream().anyMatch(f -> f.filename().contains("win32")))
              .findFirst().orElseThrow().normalizedName())))
          .doesNotContain("win32");
      m.assertEveryLinkResolves();
      try (StaticServer nginx = StaticServer.nginx(m.web(), tmp.resolve("nginx"))) {
        MirrorCommandTest.assertPipInstallsTheChain(nginx.indexUrl(), tmp.resolve("site"));
      }
    }
  }

  @Test
  void requirementsAllowlistMirrorsExactlyThoseProjectsAndVersions() throws Exception {
    Universe universe = Universe.generate(42, 30);
    Path reqs = Files.createDirectories(tmp.resolve("reqs"));
    Files.writeString(reqs.resolve("app.txt"), "# what our builds need\njubjub-app==1.1.0\nJubjub_Mid>=1.0,<1.1  # pinned low\n");
    Files.writeString(reqs.resolve("base.txt"), "jubjub.base\n");
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake,
          "\n[plugins]\nenabled =\n    project_requirements\n    project_requirements_pinned\n"
              + "[allowlist]\nrequirements_path = " + reqs + "\nrequirements =\n    *.txt\n");
      Processes.assertOk(m.run("mirror"));
      try (Stream<Path> dirs = Files.list(m.web().resolve("simple"))) {
        assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("jubjub-app", "jubjub-mid", "jubjub-base");
      }
      assertThat(versions(m, "jubjub-app")).containsExactly("1.1.0");
      assertThat(versions(m, "jubjub-mid")).containsExactly("1.0.0");
      assertThat(versions(m, "jubjub-base")).containsAll(
          universe.require("jubjub-base").releases().stream().map(UpstreamRelease::version).toList());
    }
  }

  static List<String> versions(MirrorFixture m, String project) throws Exception {
    String page = m.read("web/simple/" + project + "/index.v1_json");
    String list = page.substring(page.indexOf("\"versions\": [") + 13, page.lastIndexOf(']'));
    return list.isBlank() ? List.of() : Stream.of(list.split(", ")).map(v -> v.replace("\"", "")).toList();
  }

  @Test
  void latestNAndPrereleaseFiltersKeepTheNewestFinalReleases() throws Exception {
    Universe universe = Universe.generate(43, 20);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake,
          "\n[plugins]\nenabled =\n    latest_release\n    prerelease_release\n[latest_release]\nkeep = 1\n");
      Processes.assertOk(m.run("mirror"));
      for (UpstreamProject p : universe.projects()) {
        List<String> kept = versions(m, p.normalizedName());
        assertThat(kept).as(p.name()).noneMatch(v -> v.matches(".*(a|b|rc|dev)\\d*$"));
        assertThat(kept.size()).as(p.name()).isLessThanOrEqualTo(2); // N plus the current version
      }
      assertThat(versions(m, "jubjub-app")).containsExactly("1.1.0");
    }
  }

  @Test
  void changingTheFiltersRemovesWhatIsNowExcludedAndBringsInWhatIsNowAllowed() throws Exception {
    Universe universe = Universe.generate(44, 20);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Path conf = tmp.resolve("m/bandersnatch.conf");
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake,
          "\n[plugins]\nenabled =\n    blocklist_project\n    exclude_platform\n[blocklist]\npackages =\n    jubjub-mid\nplatforms =\n    windows\n");
      Processes.assertOk(m.run("mirror"));
      assertThat(m.web().resolve("simple/jubjub-mid")).doesNotExist();
      assertThat(mirroredFiles(m)).noneMatch(f -> f.contains("win"));
      String before = Files.readString(conf);
      Files.writeString(conf, before.replace("    jubjub-mid\n", "    jubjub-app\n").replace("    windows\n", "    macos\n"));

      Processes.assertOk(m.run("mirror"));
      assertThat(m.web().resolve("simple/jubjub-app")).doesNotExist();
      for (UpstreamFile f : universe.require("jubjub-app").files()) {
        assertThat(m.packageFile(f)).doesNotExist();
      }
      assertThat(m.read("web/simple/index.html")).doesNotContain("jubjub-app/").contains("jubjub-mid/");
      Set<String> files = mirroredFiles(m);
      assertThat(files).anyMatch(f -> f.contains("win")).noneMatch(f -> f.contains("macosx"));
      m.assertEveryLinkResolves();
    }
  }

  @Test
  void aMalformedFilterLineIsOneClearError() throws Exception {
    Universe universe = Universe.generate(45, 5);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake,
          "\n[plugins]\nenabled =\n    blocklist_release\n[blocklist]\npackages =\n    foo>=>1\n");
      Processes.Result r = m.run("mirror");
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.stderr()).contains("bandersnatch.conf:").contains("foo>=>1").doesNotContain("Exception");

      Path reqs = Files.writeString(tmp.resolve("bad-reqs.txt"), "jubjub-app\njubjub-mid >= = 2\n");
      MirrorFixture badFile = new MirrorFixture(tmp.resolve("b"), fake,
          "\n[plugins]\nenabled = project_requirements\n[allowlist]\nrequirements =\n    " + reqs + "\n");
      Processes.Result bad = badFile.run("mirror");
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.stderr()).contains("bad-reqs.txt:2").doesNotContain("Exception");
      assertThat(bad.stderr().strip().lines()).hasSize(1);
    }
  }

  @Test
  void aFilterThatExcludesEverythingIsRefusedInBatchModeUnlessForced() throws Exception {
    Universe universe = Universe.generate(46, 8);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      Processes.assertOk(m.run("mirror"));
      Path conf = m.config;
      Files.writeString(conf, Files.readString(conf)
          + "\n[plugins]\nenabled = allowlist_project\n[allowlist]\npackages =\n    jubjub-appp\n");
      Processes.Result refused = m.run("mirror");
      assertThat(refused.exitCode()).isEqualTo(2);
      assertThat(refused.stderr()).contains("exclude all 8 upstream projects", "--force");
      assertThat(m.web().resolve("simple/jubjub-app/index.html")).exists();

      Processes.assertOk(m.run("mirror", "--force"));
      assertThat(m.web().resolve("simple/jubjub-app")).doesNotExist();
    }
  }
}

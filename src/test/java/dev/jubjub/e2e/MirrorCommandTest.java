package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.LoggedRequest;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jubjub mirror} as a user runs it: a real process against the fake PyPI. */
class MirrorCommandTest {
  @TempDir Path tmp;

  @Test
  void fullMirrorBuildsTheBandersnatchTreeThatPipInstallsFromViaNginxAndHttpServer() throws Exception {
    Universe universe = Universe.generate(7, 60).addFixtures(true);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("a"), fake, "");
      Processes.Result r = m.run("mirror");
      Processes.assertOk(r);
      assertThat(r.stdout()).contains("errors:   none");

      assertThat(m.read("generation")).isEqualTo("5");
      assertThat(m.read("status")).isEqualTo(Long.toString(universe.serial()));
      assertThat(m.directory.resolve("todo")).doesNotExist();
      m.assertHolds(universe);
      m.assertEveryLinkResolves();
      assertThat(m.directory.resolve(".jubjub-tmp")).isEmptyDirectory();

      String root = m.read("web/simple/index.html");
      for (UpstreamProject p : universe.projects()) {
        assertThat(root).contains("<a href=\"" + p.normalizedName() + "/\">" + p.normalizedName() + "</a><br/>");
      }
      assertThat(m.read("web/simple/index.v1_json")).startsWith("{\"meta\": {\"_last-serial\": " + universe.serial());
      String pages = allPages(m);
      assertThat(pages).contains("win32.whl", "win_amd64.whl", "macosx_", "manylinux", ".tar.gz");
      assertThat(pages).contains("data-yanked=", "data-requires-python=\"&gt;=3.8,&lt;4\"", "data-core-metadata=\"sha256=");
      assertThat(pages).containsPattern("rc1|a1|\\.dev");

      try (StaticServer nginx = StaticServer.nginx(m.web(), tmp.resolve("nginx"))) {
        assertPipInstallsTheChain(nginx.indexUrl(), tmp.resolve("site-nginx"));
      }
      try (StaticServer http = StaticServer.pythonHttpServer(m.web(), tmp.resolve("http.log"))) {
        assertPipInstallsTheChain(http.indexUrl(), tmp.resolve("site-http"));
      }
    }
  }

  static String allPages(MirrorFixture m) throws Exception {
    StringBuilder all = new StringBuilder();
    try (var walk = Files.walk(m.web().resolve("simple"))) {
      for (Path p : (Iterable<Path>) walk.filter(f -> f.getFileName().toString().equals("index.html"))::iterator) {
        all.append(Files.readString(p));
      }
    }
    return all.toString();
  }

  static void assertPipInstallsTheChain(String indexUrl, Path target) throws Exception {
    Processes.Result install =
        Processes.run(
            Processes.pip("install", "--index-url", indexUrl, "--target", target.toString(), "jubjub-app"),
            target.resolveSibling(target.getFileName() + "-logs"),
            180);
    Processes.assertOk(install);
    ProcessBuilder importIt =
        new ProcessBuilder(
            "python3", "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import jubjub_app, jubjub_mid, jubjub_base;"
                + " print(jubjub_app.__version__, jubjub_mid.__version__, jubjub_base.__version__)",
            target.toString());
    Processes.isolate(importIt.environment());
    Processes.Result imported = Processes.run(importIt, target.resolveSibling(target.getFileName() + "-logs"), 60);
    Processes.assertOk(imported);
    assertThat(imported.stdout().strip()).isEqualTo("1.1.0 1.1.0 1.1.0");
  }

  @Test
  void incrementalRunSyncsExactlyTheChangedProjectsAndDropsRemovedOnes() throws Exception {
    Universe universe = Universe.generate(11, 50);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("a"), fake, "delete-packages = true");
      Processes.assertOk(m.run("mirror"));

      List<UpstreamProject> projects = universe.projects();
      UpstreamProject gone = projects.get(5);
      UpstreamProject yanked = projects.get(9);
      universe.addRelease("jubjub-base", "1.2.0");
      universe.removeProject(gone.name());
      universe.yankRelease(yanked.name(), yanked.releases().getFirst().version(), "broken build");
      fake.resetRequests();

      Processes.Result r = m.run("mirror");
      Processes.assertOk(r);
      assertThat(jsonApiRequests(fake)).containsExactlyInAnyOrder("jubjub-base", yanked.normalizedName());
      m.assertHolds(universe);
      m.assertEveryLinkResolves();
      assertThat(m.simpleDir(gone)).doesNotExist();
      assertThat(m.web().resolve("json").resolve(gone.normalizedName())).doesNotExist();
      for (var file : gone.files()) {
        assertThat(m.packageFile(file)).doesNotExist();
      }
      assertThat(m.read("web/simple/index.html")).doesNotContain("\"" + gone.normalizedName() + "/\"");
      assertThat(m.read("web/simple/jubjub-base/index.html")).contains("jubjub_base-1.2.0-py3-none-any.whl");
      assertThat(m.read("web/simple/" + yanked.normalizedName() + "/index.html")).contains("data-yanked=\"broken build\"");
      assertThat(m.read("status")).isEqualTo(Long.toString(universe.serial()));

      fake.resetRequests();
      Map<String, String> before = m.snapshot();
      Processes.Result idle = m.run("mirror");
      Processes.assertOk(idle);
      assertThat(jsonApiRequests(fake)).isEmpty();
      assertThat(fake.requests("/packages/")).isZero();
      assertThat(m.snapshot()).isEqualTo(before);
    }
  }

  static Set<String> jsonApiRequests(FakePyPI fake) {
    return fake.requestLog().stream()
        .map(LoggedRequest::path)
        .filter(p -> p.startsWith("/pypi/") && p.endsWith("/json"))
        .map(p -> p.substring("/pypi/".length(), p.length() - "/json".length()))
        .map(n -> n.toLowerCase().replaceAll("[-_.]+", "-"))
        .collect(Collectors.toSet());
  }

  @Test
  void keepIndexVersionsKeepsTheNewestPagesAndCleanupRemovesLegacyDirectories() throws Exception {
    Universe universe = Universe.generate(12, 20);
    UpstreamProject odd = universe.projects().stream()
        .filter(p -> !p.name().equalsIgnoreCase(p.normalizedName()))
        .findFirst()
        .orElseThrow();
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "keep_index_versions = 2\ncleanup = true");
      Path legacy = m.web().resolve("simple").resolve(odd.name());
      Files.createDirectories(legacy);
      Files.writeString(legacy.resolve("index.html"), "pre-4.0 page");
      Processes.assertOk(m.run("mirror"));
      assertThat(legacy.resolve("index.html")).doesNotExist();
      for (String version : new String[] {"1.2.0", "1.3.0"}) {
        universe.addRelease("jubjub-base", version);
        Processes.assertOk(m.run("mirror"));
      }
      Path versions = m.web().resolve("simple/jubjub-base/versions");
      String newest = "index_" + universe.require("jubjub-base").lastSerial() + "_";
      List<Path> kept;
      try (var list = Files.list(versions)) {
        kept = list.filter(p -> p.getFileName().toString().endsWith(".html")).sorted().toList();
      }
      assertThat(kept).hasSize(2)
          .allMatch(p -> p.getFileName().toString().matches("index_\\d+_\\d{4}-\\d\\d-\\d\\dT\\d{6}Z\\.html"));
      String current = m.read("web/simple/jubjub-base/index.html");
      assertThat(current).contains("jubjub_base-1.3.0");
      assertThat(kept).filteredOn(p -> p.getFileName().toString().startsWith(newest))
          .singleElement()
          .satisfies(p -> assertThat(Files.readString(p)).isEqualTo(current));
    }
  }

  @Test
  void syncCommandSyncsOnlyTheNamedProjectsAndLeavesStatusAlone() throws Exception {
    Universe universe = Universe.generate(13, 15);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      Processes.assertOk(m.run("mirror"));
      String status = m.read("status");
      universe.addRelease("jubjub-base", "1.4.0");
      universe.addRelease("jubjub-mid", "1.4.0");
      fake.resetRequests();
      Processes.Result r = m.run("sync", "Jubjub.Base");
      Processes.assertOk(r);
      assertThat(jsonApiRequests(fake)).containsExactly("jubjub-base");
      assertThat(m.read("web/simple/jubjub-base/index.html")).contains("jubjub_base-1.4.0");
      assertThat(m.read("web/simple/jubjub-mid/index.html")).doesNotContain("jubjub_mid-1.4.0");
      assertThat(m.read("status")).isEqualTo(status);
      assertThat(m.run("sync", "../etc").exitCode()).isEqualTo(2);
    }
  }
}

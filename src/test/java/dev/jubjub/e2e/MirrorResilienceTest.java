package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.LoggedRequest;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills, locks and upstream faults: the tree a client sees is never wrong, and a rerun repairs. */
class MirrorResilienceTest {
  @TempDir Path tmp;

  @Test
  void runKilledMidDownloadResumesToTheTreeOfAnUninterruptedRunWithoutRedownloading() throws Exception {
    Universe universe = Universe.generate(3, 60);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture killed = new MirrorFixture(tmp.resolve("killed"), fake, "");
      fake.latency(Duration.ofMillis(25));
      Process p = killed.process("mirror").redirectErrorStream(true)
          .redirectOutput(tmp.resolve("killed-run.log").toFile()).start();
      waitForFiles(killed.web().resolve("packages"), 120, p);
      p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no cleanup
      assertThat(killed.directory.resolve("status")).doesNotExist();
      assertThat(killed.directory.resolve("todo")).exists();
      killed.assertEveryLinkResolves();

      fake.latency(Duration.ZERO);
      Processes.Result resumed = killed.run("mirror");
      Processes.assertOk(resumed);
      killed.assertHolds(universe);

      Map<String, Long> downloads = fake.requestLog().stream()
          .map(LoggedRequest::path)
          .filter(path -> path.startsWith("/packages/") && !path.endsWith(".metadata"))
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      long twice = downloads.values().stream().filter(n -> n > 1).count();
      // Only the files in flight at the kill (at most `workers` = 3) may be fetched again.
      assertThat(twice).isLessThanOrEqualTo(3);
      assertThat(downloads).hasSize(universe.files().size());

      MirrorFixture clean = new MirrorFixture(tmp.resolve("clean"), fake, "");
      Processes.assertOk(clean.run("mirror"));
      assertThat(killed.snapshot()).isEqualTo(clean.snapshot());
    }
  }

  @Test
  void twentyKillsAtRandomPointsEndInTheTreeOfOneCleanRunWithNothingForVerifyToRepair() throws Exception {
    Universe universe = Universe.generate(7, 40);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture killed = new MirrorFixture(tmp.resolve("killed"), fake, "");
      fake.latency(Duration.ofMillis(5));
      java.util.Random random = new java.util.Random(20);
      int midSync = 0;
      for (int i = 0; i < 20; i++) {
        // Upstream moves on meanwhile, so every run has work to be killed in.
        for (int k = 0; k < 3; k++) {
          universe.addRelease(universe.projects().get((3 * i + k) % 40).name(), "9." + i);
        }
        Process p = killed.process("mirror").redirectErrorStream(true)
            .redirectOutput(tmp.resolve("kill-" + i + ".log").toFile()).start();
        if (i % 4 == 0) {
          Thread.sleep(200 + random.nextInt(1500)); // anywhere, JVM start and listing included
        } else {
          // Once the run has written its todo, at a random point of its work: a faster jubjub
          // must not turn the kills into kills of idle or finished runs.
          for (int wait = 0; wait < 250 && p.isAlive() && !Files.exists(killed.directory.resolve("todo")); wait++) {
            Thread.sleep(20);
          }
          Thread.sleep(random.nextInt(300));
        }
        p.destroyForcibly().waitFor(); // SIGKILL: mid-start, mid-listing, mid-download, mid-page
        killed.assertEveryLinkResolves();
        midSync += Files.exists(killed.directory.resolve("todo")) ? 1 : 0;
      }
      assertThat(midSync).as("kills that hit a run with work in progress").isGreaterThanOrEqualTo(8);
      fake.latency(Duration.ZERO);
      Processes.assertOk(killed.run("mirror"));
      killed.assertHolds(universe);

      MirrorFixture clean = new MirrorFixture(tmp.resolve("clean"), fake, "");
      Processes.assertOk(clean.run("mirror"));
      assertThat(killed.snapshot()).isEqualTo(clean.snapshot());
      Processes.Result verify = killed.run("verify");
      Processes.assertOk(verify);
      assertThat(verify.stdout()).contains(" 0 repaired").contains("0 found");
    }
  }

  static void waitForFiles(Path dir, int count, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("the run ended before it could be killed").isTrue();
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          if (files.filter(Files::isRegularFile).count() >= count) {
            return;
          }
        } catch (java.io.UncheckedIOException e) {
          // a directory vanished or appeared during the walk; look again
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("fewer than " + count + " files appeared");
  }

  @Test
  void secondRunIsRefusedWhileTheFirstHoldsTheLockAndAKilledHolderBlocksNothing() throws Exception {
    Universe universe = Universe.generate(5, 20);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      fake.latency(Duration.ofMillis(100));
      Process first = m.process("mirror").redirectErrorStream(true)
          .redirectOutput(tmp.resolve("first.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(m.directory.resolve("todo")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Processes.Result second = m.run("mirror");
      assertThat(second.exitCode()).as(second.stderr()).isEqualTo(3);
      assertThat(second.stderr()).contains("lock").doesNotContain("Exception")
          .as("names the holder").contains("(pid " + first.pid() + ": ");
      first.destroyForcibly().waitFor();

      fake.latency(Duration.ZERO);
      Processes.assertOk(m.run("mirror"));
      m.assertHolds(universe);
    }
  }

  @Test
  void transientFaultsAreRetriedAndPersistentOnesFailOnlyTheirProjectUntilARerun() throws Exception {
    Universe universe = Universe.generate(9, 30);
    UpstreamProject broken = universe.projects().get(3);
    UpstreamProject malformed = universe.projects().get(4);
    String brokenFile = broken.files().getFirst().filename();
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "timeout = 2");
      var unavailable = fake.inject("^/pypi/jubjub-mid/json", 2, Fault.serviceUnavailable());
      var truncated = fake.inject("jubjub_base-1\\.1\\.0-py3-none-any\\.whl$", 1, Fault.truncate());
      var corrupt = fake.inject("jubjub_app-1\\.1\\.0-py3-none-any\\.whl$", 1, Fault.corrupt());
      var limited = fake.inject("jubjub_mid-1\\.1\\.0-py3-none-any\\.whl$", 1, Fault.tooManyRequests());
      var stalled = fake.inject("jubjub_base-1\\.0\\.0-py3-none-any\\.whl$", 1, Fault.stallMidBody(Duration.ofSeconds(6)));
      var dropped = fake.inject("jubjub_app-1\\.0\\.0-py3-none-any\\.whl$", 2, Fault.disconnect());
      fake.injectAlways(brokenFile + "$", Fault.notFound());
      // Either spelling: the fake redirects the normalized name to the display name, as PyPI does.
      fake.injectAlways(
          "^/pypi/(" + Pattern.quote(malformed.normalizedName()) + "|" + Pattern.quote(malformed.name()) + ")/json",
          Fault.malformed());

      Processes.Result r = m.run("mirror");
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
      assertThat(r.stdout())
          .contains("2 projects failed")
          .contains("    project " + broken.name() + ": file " + brokenFile + ": HTTP 404 (http://127.0.0.1:")
          .contains("    project " + malformed.name() + ": malformed JSON");
      assertThat(r.stderr()).doesNotContain("Exception");
      for (var rule : new dev.jubjub.testing.FaultRule[] {unavailable, truncated, corrupt, limited, stalled, dropped}) {
        assertThat(rule.remaining()).as(rule.fault().toString()).isZero();
      }
      assertThat(m.simpleDir(broken)).doesNotExist();
      assertThat(m.simpleDir(malformed)).doesNotExist();
      assertThat(m.directory.resolve("status")).doesNotExist();
      assertThat(m.directory.resolve(".jubjub-tmp")).isEmptyDirectory();
      m.assertEveryLinkResolves();
      assertThat(MirrorCommandTest.allPages(m)).contains("jubjub_base-1.1.0", "jubjub_app-1.1.0");

      fake.clearFaults();
      fake.resetRequests();
      Processes.assertOk(m.run("mirror"));
      assertThat(MirrorCommandTest.jsonApiRequests(fake))
          .containsExactlyInAnyOrder(broken.normalizedName(), malformed.normalizedName());
      m.assertHolds(universe);
      assertThat(m.read("status")).isEqualTo(Long.toString(universe.serial()));
    }
  }

  @Test
  void staleCdnCopyIsBustedWithAQueryString() throws Exception {
    Universe universe = Universe.generate(2, 10);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      Processes.assertOk(m.run("mirror"));
      fake.serveStaleJson("jubjub-base");
      universe.addRelease("jubjub-base", "1.3.0");
      Processes.assertOk(m.run("mirror"));
      assertThat(m.read("web/simple/jubjub-base/index.html")).contains("jubjub_base-1.3.0-py3-none-any.whl");
      assertThat(fake.requestedPaths()).anyMatch(p -> p.contains("/json?serial="));
    }
  }

  @Test
  void downloadMirrorServesFilesAndMasterIsTheFallback() throws Exception {
    Universe universe = Universe.generate(4, 10);
    try (FakePyPI fake = FakePyPI.start(universe);
        FakePyPI files = FakePyPI.startFilesOnly(universe)) {
      String missing = universe.require("jubjub-app").files().getFirst().filename();
      files.injectAlways(missing + "$", Fault.notFound());
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake,
          "download-mirror = " + files.baseUri().toString().replaceAll("/$", ""));
      Processes.assertOk(m.run("mirror"));
      m.assertHolds(universe);
      assertThat(files.requests("/packages/")).isGreaterThanOrEqualTo(universe.files().size());
      assertThat(fake.requestedPaths()).filteredOn(p -> p.startsWith("/packages/"))
          .allMatch(p -> p.endsWith(missing) || p.endsWith(missing + ".metadata"));
    }
  }

  @Test
  void hashIndexPutsPagesUnderTheFirstLetter() throws Exception {
    Universe universe = Universe.generate(6, 10);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "hash-index = true");
      Processes.assertOk(m.run("mirror"));
      assertThat(m.web().resolve("simple/j/jubjub-app/index.html")).isRegularFile();
      assertThat(m.web().resolve("simple/jubjub-app")).doesNotExist();
      assertThat(m.read("web/simple/index.html")).contains("<a href=\"jubjub-app/\">jubjub-app</a>");
      assertThat(m.read("web/simple/j/jubjub-app/index.html")).contains("href=\"../../packages/");
    }
  }

  @Test
  void missingConfigIsWrittenForReviewAndBadValuesAreOneClearLine() throws Exception {
    Path conf = tmp.resolve("new.conf");
    Processes.Result r = Processes.run(Processes.jubjub(tmp, "mirror", "-c", conf.toString()), tmp.resolve("logs"), 60);
    assertThat(r.exitCode()).as("a config written for review: nothing was done").isEqualTo(2);
    assertThat(conf).isRegularFile();
    assertThat(Files.readString(conf)).contains("[mirror]", "directory");
    assertThat(r.stderr()).contains(conf.toString()).containsIgnoringCase("review");

    Files.writeString(conf, "[mirror]\ndirectory = " + tmp.resolve("m") + "\nworkers = lots\n");
    Processes.Result bad = Processes.run(Processes.jubjub(tmp, "mirror", "-c", conf.toString()), tmp.resolve("logs"), 60);
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.stderr()).contains("workers", "lots", "new.conf:3").doesNotContain("Exception");
    assertThat(bad.stderr().strip().lines()).hasSize(1);
  }

  @Test
  void upstreamWithoutTheJsonListingIsMirroredThroughXmlRpc() throws Exception {
    Universe universe = Universe.generate(8, 15);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      fake.injectAlways("^/simple/$", Fault.htmlInsteadOfJson());
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      Processes.assertOk(m.run("mirror"));
      m.assertHolds(universe);
      assertThat(fake.requests("POST", "/pypi")).isPositive();
      assertThat(m.read("status")).isEqualTo(Long.toString(universe.serial()));
    }
  }

  @Test
  void aCoreMetadataFileUpstreamCannotServeIsLeftOutNotFatal() throws Exception {
    Universe universe = Universe.generate(14, 10);
    var wheel = universe.require("jubjub-base").files().stream()
        .filter(f -> f.coreMetadata() != null).findFirst().orElseThrow();
    try (FakePyPI fake = FakePyPI.start(universe)) {
      fake.injectAlways(Pattern.quote(wheel.filename()) + "\\.metadata$", Fault.notFound());
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      Processes.Result r = m.run("mirror");
      Processes.assertOk(r);
      String page = m.read("web/simple/jubjub-base/index.html");
      String line = page.lines().filter(l -> l.contains(">" + wheel.filename() + "<")).findFirst().orElseThrow();
      assertThat(line).doesNotContain("data-core-metadata");
      assertThat(page).contains("data-core-metadata");
      assertThat(m.packageFile(wheel)).exists();
      assertThat(m.packageFile(wheel).resolveSibling(wheel.filename() + ".metadata")).doesNotExist();
      m.assertEveryLinkResolves();
    }
  }

  @Test
  void stopOnErrorStopsAtTheFirstFailureAndKeepsTheRestForLater() throws Exception {
    Universe universe = Universe.generate(15, 20);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      fake.injectAlways("^/pypi/", Fault.serviceUnavailable());
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "stop-on-error = true");
      Processes.Result r = m.run("mirror");
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
      // Every project is still to do: the failed ones and the ones never started.
      assertThat(m.read("todo").lines().skip(1).count()).isEqualTo(universe.projects().size());
      assertThat(fake.requestLog().stream().filter(q -> q.path().startsWith("/pypi/")).map(q -> q.path()).distinct().count())
          .as("projects tried before stopping").isLessThanOrEqualTo(3);
      assertThat(m.directory.resolve("status")).doesNotExist();
      fake.clearFaults();
      Processes.assertOk(m.run("mirror"));
      m.assertHolds(universe);
    }
  }

  @Test
  void diffFileListsWhatChangedAndReleaseFilesOffLinksUpstream() throws Exception {
    Universe universe = Universe.generate(16, 6);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Path diff = tmp.resolve("changes/diff.txt");
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "diff-file = " + diff);
      Processes.assertOk(m.run("mirror"));
      List<String> changed = Files.readAllLines(diff);
      assertThat(changed).contains(m.directory.resolve("web/simple/jubjub-app/index.html").toRealPath().toString());
      assertThat(changed).anyMatch(l -> l.endsWith(".whl"));

      MirrorFixture pagesOnly = new MirrorFixture(tmp.resolve("p"), fake,
          "release-files = false\nroot_uri = https://files.example.org");
      Processes.assertOk(pagesOnly.run("mirror"));
      assertThat(pagesOnly.web().resolve("packages")).doesNotExist();
      assertThat(pagesOnly.read("web/simple/jubjub-app/index.html")).contains("href=\"https://files.example.org/packages/");
    }
  }
}

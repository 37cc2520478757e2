package dev.jubjub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.cli.DataSafetyTest.Mirror;
import dev.jubjub.cli.DataSafetyTest.Outcome;
import dev.jubjub.store.LastRun;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.Universe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine-readable report of the last run, as monitoring reads it, after good and bad runs. */
class RunReportTest {
  @TempDir Path tmp;

  @Test
  void eachRunLeavesItsReportAndOnlyASuccessfulMirrorMovesLastSuccess() throws Exception {
    Universe universe = Universe.generate(81, 4);
    int projects = universe.projects().size();
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      Instant before = Instant.now();
      m.run("mirror").assertCode(ExitCodes.OK);
      LastRun ok = read(m);
      assertThat(ok.command()).isEqualTo("mirror");
      assertThat(ok.ok()).isTrue();
      assertThat(ok.exitCode()).isZero();
      assertThat(ok.started()).isAfterOrEqualTo(before.minusMillis(1));
      assertThat(ok.finished()).isAfterOrEqualTo(ok.started());
      assertThat(ok.serial()).hasValue(universe.serial());
      assertThat(ok.upstreamSerial()).hasValue(universe.serial());
      assertThat(ok.counts().projectsSynced()).isEqualTo(projects);
      assertThat(ok.counts().filesDownloaded()).isEqualTo(universe.files().size());
      long metadataBytes;
      try (var walk = Files.walk(m.web().resolve("packages"))) {
        metadataBytes = walk.filter(p -> p.toString().endsWith(".metadata")).mapToLong(p -> p.toFile().length()).sum();
      }
      assertThat(ok.counts().bytesDownloaded()).as("files and core metadata").isEqualTo(universe.totalBytes() + metadataBytes);
      assertThat(ok.failures()).isEmpty();
      assertThat(ok.lastSuccess()).hasValue(ok.finished());
      assertThat(ok.error()).isEmpty();

      String broken = universe.projects().getFirst().name();
      long complete = universe.serial();
      universe.touch(broken);
      fake.injectAlways("^/pypi/", Fault.malformed());
      m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      LastRun failed = read(m);
      assertThat(failed.ok()).isFalse();
      assertThat(failed.exitCode()).isEqualTo(ExitCodes.SYNC_ERRORS);
      assertThat(failed.serial()).as("status stays where the last complete run left it").hasValue(complete);
      assertThat(failed.upstreamSerial()).hasValue(universe.serial());
      assertThat(failed.counts().projectsFailed()).isEqualTo(1);
      assertThat(failed.failures()).singleElement()
          .satisfies(f -> assertThat(f.reason()).contains("project " + broken + ": malformed JSON"));
      assertThat(failed.lastSuccess()).as("carried over").hasValue(ok.finished());
      assertThat(failed.error()).as("only projects failed: the failures say it").isEmpty();

      fake.clearFaults();
      m.run("sync", broken).assertCode(ExitCodes.OK);
      LastRun synced = read(m);
      assertThat(synced.command()).isEqualTo("sync");
      assertThat(synced.ok()).isTrue();
      assertThat(synced.lastSuccess()).as("a sync says nothing of the rest of the mirror").hasValue(ok.finished());
    }
  }

  @Test
  void anUnreachableUpstreamIsAFailedRunWithItsExitCode() throws Exception {
    Universe universe = Universe.generate(82, 2);
    Mirror m;
    try (FakePyPI fake = FakePyPI.start(universe)) {
      m = Mirror.of(tmp, fake, "timeout = 1");
      m.run("mirror").assertCode(ExitCodes.OK);
    }
    m.run("mirror").assertCode(ExitCodes.UPSTREAM);
    LastRun down = read(m);
    assertThat(down.ok()).isFalse();
    assertThat(down.exitCode()).isEqualTo(ExitCodes.UPSTREAM);
    assertThat(down.upstreamSerial()).isEmpty();
    assertThat(down.error()).hasValueSatisfying(e -> assertThat(e).startsWith("upstream failed: ").contains("127.0.0.1"));
    assertThat(down.serial()).hasValue(universe.serial());
    assertThat(down.lastSuccess()).isPresent();
    assertThat(down.lastSuccess().get()).isBefore(down.started());
  }

  @Test
  void statusSaysWhatTheMirrorHoldsAndHowItsLastRunWent() throws Exception {
    Universe universe = Universe.generate(83, 3);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      Outcome before = m.run("status").assertCode(ExitCodes.USAGE);
      assertThat(before.stderr()).contains("no mirror");

      m.run("mirror").assertCode(ExitCodes.OK);
      long metadata;
      try (var walk = Files.walk(m.web().resolve("packages"))) {
        metadata = walk.filter(p -> p.toString().endsWith(".metadata")).count();
      }
      Outcome status = m.run("status").assertCode(ExitCodes.OK);
      assertThat(status.stdout())
          .contains("  serial:       " + universe.serial() + " (upstream said " + universe.serial() + " at the last run)")
          .contains("  last run:     mirror ok, finished ")
          .contains(universe.projects().size() + " projects synced, 0 removed, 0 failed")
          .contains("  projects:     " + universe.projects().size())
          .contains("  files:        " + universe.files().size() + " package files, ")
          .contains("; " + metadata + " core metadata files")
          .contains("  filters:      none");
      // status reads, never repairs: an old generation and a corrupt todo stay for mirror to judge.
      Path todo = Files.writeString(m.directory().resolve("todo"), "{\"garbage\n");
      Files.writeString(m.directory().resolve("generation"), "4");
      var tree = Sandbox.tree(m.directory());
      m.run("status").assertCode(ExitCodes.OK);
      assertThat(Sandbox.tree(m.directory())).isEqualTo(tree);
      assertThat(todo).hasContent("{\"garbage\n");
      Files.delete(todo);
      Files.writeString(m.directory().resolve("generation"), "5");

      Outcome json = m.run("status", "--json").assertCode(ExitCodes.OK);
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.stdout());
      assertThat(node.path("files").asLong()).isEqualTo(universe.files().size());
      assertThat(node.path("bytes").asLong()).isEqualTo(universe.totalBytes());
      assertThat(node.path("last_run_ok").asBoolean()).isTrue();
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aPlantedReportThatIsAFifoOrLeadsToDevZeroIsUnreadableNotAHang() throws Exception {
    Universe universe = Universe.generate(84, 1);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(ExitCodes.OK);
      Path report = m.directory().resolve(".jubjub-last-run.json");
      Files.delete(report);
      assertThat(new ProcessBuilder("mkfifo", report.toString()).start().waitFor()).isZero();
      assertThat(m.run("status").assertCode(ExitCodes.OK).stdout()).contains("report unreadable: not a regular file");
      Files.delete(report);
      Files.createSymbolicLink(report, Path.of("/dev/zero"));
      assertThat(m.run("status").assertCode(ExitCodes.OK).stdout()).contains("report unreadable: not a regular file");
      // The next run replaces the planted link with its own report, never writing through it.
      m.run("mirror").assertCode(ExitCodes.OK);
      assertThat(read(m).ok()).isTrue();
    }
  }

  @Test
  void onceIndexedTheSearchIndexFollowsEachMirrorRun() throws Exception {
    Universe universe = Universe.generate(85, 2);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(ExitCodes.OK);
      m.run("index").assertCode(ExitCodes.OK);
      universe.addProject("Brand_New-Thing");
      universe.addRelease("Brand_New-Thing", "1.0");
      m.run("mirror").assertCode(ExitCodes.OK);
      try (var search = new dev.jubjub.search.ProjectSearch(m.directory().resolve(".jubjub-search"))) {
        assertThat(search.search("brand new thing", 1, 10, false, false).hits())
            .extracting(dev.jubjub.search.SearchResults.Hit::normalized).first().isEqualTo("brand-new-thing");
      }
    }
  }

  private static LastRun read(Mirror m) throws Exception {
    return LastRun.parse(Files.readAllBytes(m.directory().resolve(".jubjub-last-run.json")));
  }
}

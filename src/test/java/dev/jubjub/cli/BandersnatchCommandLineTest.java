package dev.jubjub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.cli.DataSafetyTest.Mirror;
import dev.jubjub.cli.DataSafetyTest.Outcome;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bandersnatch's command-line options, each with bandersnatch's meaning, run as the real command
 * in this JVM: a cron line or unit written for bandersnatch works unchanged.
 */
class BandersnatchCommandLineTest {
  @TempDir Path tmp;

  @Test
  void globalOptionsGoBeforeTheCommandInAnyOrder() {
    assertThat(Main.configFirst("-c", "b.conf", "--debug", "mirror", "--force-check"))
        .containsExactly("--debug", "mirror", "-c", "b.conf", "--force-check");
    assertThat(Main.configFirst("--debug", "--config=b.conf", "verify"))
        .containsExactly("--debug", "verify", "--config=b.conf");
    assertThat(Main.configFirst("--debug", "sync", "x")).containsExactly("--debug", "sync", "x");
  }

  @Test
  void forceCheckLooksAtEveryProjectAgainWithoutDownloadingFilesAgain() throws Exception {
    Universe universe = Universe.generate(61, 4);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(ExitCodes.OK);
      fake.resetRequests();
      m.run("mirror").assertCode(ExitCodes.OK);
      assertThat(fake.requests("/pypi/")).as("a no-change run asks for no project").isZero();

      Outcome forced = m.run("mirror", "--force-check").assertCode(ExitCodes.OK);
      assertThat(fake.requests("/pypi/")).as("every project's JSON, once").isEqualTo(universe.projects().size());
      assertThat(fake.requests("/packages/")).as("files already present are verified, not fetched").isZero();
      assertThat(forced.stdout()).contains(universe.projects().size() + " synced of " + universe.projects().size());
      assertThat(Files.readString(m.directory().resolve("status")).strip()).isEqualTo(Long.toString(universe.serial()));
    }
  }

  @Test
  void skipSimpleRootLeavesTheRootIndexForALaterSync() throws Exception {
    Universe universe = Universe.generate(62, 3);
    List<UpstreamProject> p = universe.projects();
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("sync", p.get(0).name()).assertCode(ExitCodes.OK);
      m.run("sync", "--skip-simple-root", p.get(1).name()).assertCode(ExitCodes.OK);
      assertThat(m.web().resolve("simple").resolve(p.get(1).normalizedName()).resolve("index.html")).exists();
      assertThat(m.rootIndex()).contains(link(p.get(0))).doesNotContain(link(p.get(1)));

      m.run("sync", p.get(2).name()).assertCode(ExitCodes.OK);
      assertThat(m.rootIndex()).contains(link(p.get(0)), link(p.get(1)), link(p.get(2)));
    }
  }

  @Test
  void deleteTakesWorkersAndVerifyTakesJsonUpdate() throws Exception {
    Universe universe = Universe.generate(63, 5);
    List<UpstreamProject> p = universe.projects();
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(ExitCodes.OK);
      Outcome deleted = m.run("delete", "--workers", "3", p.get(0).name(), p.get(1).name(), p.get(2).name())
          .assertCode(ExitCodes.OK);
      assertThat(deleted.stdout()).contains("for 3 projects");
      for (UpstreamProject gone : p.subList(0, 3)) {
        assertThat(m.web().resolve("simple").resolve(gone.normalizedName())).doesNotExist();
        assertThat(m.rootIndex()).doesNotContain(link(gone));
        gone.files().forEach(f -> assertThat(m.file(f)).doesNotExist());
      }
      p.get(3).files().forEach(f -> assertThat(m.file(f)).exists());

      m.run("verify", "--json-update", "--workers", "0").assertCode(ExitCodes.OK);
      assertThat(m.web().resolve("json").resolve(p.get(4).normalizedName())).exists();
    }
  }

  @Test
  void exitCodesTellAMissingConfigAndAnUnreachableUpstreamFromFailedProjects() throws Exception {
    Path conf = tmp.resolve("new.conf");
    Mirror missing = new Mirror(tmp.resolve("m"), conf);
    Outcome written = missing.run("mirror").assertCode(ExitCodes.USAGE);
    assertThat(written.stderr()).contains(conf.toAbsolutePath().toString()).contains("review it");
    assertThat(Files.readString(conf)).startsWith("; " + conf.toAbsolutePath() + ": jubjub's default configuration.");

    Files.writeString(conf, """
        [mirror]
        directory = %s
        master = http://127.0.0.1:1
        allow-non-https = true
        timeout = 1
        """.formatted(tmp.resolve("m")));
    Outcome down = missing.run("mirror").assertCode(ExitCodes.UPSTREAM);
    assertThat(down.stderr()).contains("upstream failed").contains("127.0.0.1:1");
  }

  private static String link(UpstreamProject p) {
    return "href=\"" + p.normalizedName() + "/\"";
  }
}

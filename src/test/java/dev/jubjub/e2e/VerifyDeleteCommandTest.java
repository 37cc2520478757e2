package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.testing.UpstreamProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jubjub verify} and {@code jubjub delete} on real trees. */
class VerifyDeleteCommandTest {
  @TempDir Path tmp;

  @Test
  void verifyDeleteReturnsADamagedTreeToTheStateOfAFreshMirror() throws Exception {
    Universe universe = Universe.generate(31, 30);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      Processes.assertOk(m.run("mirror"));
      Map<String, String> fresh = m.snapshot();

      List<UpstreamFile> files = universe.files();
      for (UpstreamFile f : List.of(files.get(3), files.get(40), files.get(77))) {
        byte[] bytes = Files.readAllBytes(m.packageFile(f));
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(m.packageFile(f), bytes);
      }
      Files.delete(m.packageFile(files.get(10)));
      Files.delete(m.packageFile(files.get(90)));
      UpstreamProject paged = universe.projects().get(7);
      Files.delete(m.simpleDir(paged).resolve("index.html"));
      Path strayDir = Files.createDirectories(m.web().resolve("packages/zz/zz/stray"));
      Files.write(strayDir.resolve("evil-1.0-py3-none-any.whl"), new byte[1000]);
      Files.write(m.packageFile(files.get(5)).resolveSibling("leftover.tar.gz"), new byte[234]);
      Files.write(m.web().resolve("packages/orphan.zip"), new byte[66]);
      Map<String, String> damaged = m.snapshot();

      Processes.Result dry = m.run("verify", "--dry-run");
      Processes.assertOk(dry);
      assertThat(dry.stdout()).contains("5 missing or corrupt").contains("3 found, 0 removed");
      assertThat(m.snapshot()).isEqualTo(damaged);

      Processes.Result repair = m.run("verify", "--delete", "--workers", "4");
      Processes.assertOk(repair);
      assertThat(repair.stdout())
          .contains("5 repaired")
          .contains("3 found, 3 removed, 1.3 KiB freed")
          .contains("removed unowned " + strayDir.resolve("evil-1.0-py3-none-any.whl"));
      assertThat(m.snapshot()).isEqualTo(fresh);
      m.assertEveryLinkResolves();

      Processes.Result clean = m.run("verify");
      Processes.assertOk(clean);
      assertThat(clean.stdout()).contains(" 0 repaired").contains("0 found");
    }
  }

  @Test
  void deleteRemovesProjectsPagesFirstAndDryRunRemovesNothing() throws Exception {
    Universe universe = Universe.generate(32, 12);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      Processes.assertOk(m.run("mirror"));
      UpstreamProject gone = universe.require("jubjub-app");
      Map<String, String> before = m.snapshot();

      Processes.Result dry = m.run("delete", "--dry-run", "Jubjub_App");
      Processes.assertOk(dry);
      assertThat(dry.stdout()).contains("would remove").contains(gone.files().getFirst().filename());
      assertThat(m.snapshot()).isEqualTo(before);

      Processes.Result r = m.run("delete", "jubjub-app");
      Processes.assertOk(r);
      assertThat(m.simpleDir(gone)).doesNotExist();
      assertThat(m.web().resolve("json/jubjub-app")).doesNotExist();
      for (UpstreamFile f : gone.files()) {
        assertThat(m.packageFile(f)).doesNotExist();
      }
      assertThat(m.read("web/simple/index.html")).doesNotContain("jubjub-app/").contains("jubjub-mid/");
      assertThat(m.read("web/simple/index.v1_json")).doesNotContain("\"jubjub-app\"");
      m.assertEveryLinkResolves();
      assertThat(m.snapshot().keySet()).hasSize(before.size() - dry.stdout().lines().filter(l -> l.startsWith("would remove")).toList().size());
    }
  }
}

package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real pip as the judge of the fake: if pip resolves and installs from it, its pages are right. */
class PipAgainstFakeTest {
  @TempDir Path tmp;

  @Test
  void pipInstallsTheDependencyChainFromTheFakeIndex() throws Exception {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(1, 20))) {
      Path target = tmp.resolve("site");
      var install = Python.run(tmp, "-m", "pip", "install", "--no-cache-dir", "--index-url",
          fake.simpleUri().toString(), "--target", target.toString(), "jubjub-app");
      assertThat(install.exitCode()).as(install.output()).isZero();
      var imported = Python.run(target, "-c",
          "import jubjub_app, jubjub_mid, jubjub_base; print(jubjub_app.__version__, jubjub_base.__version__)");
      assertThat(imported.output().strip()).isEqualTo("1.1.0 1.1.0"); // 2.0.0rc1 needs --pre
      assertThat(fake.requests("/simple/jubjub-app/")).isPositive();
      assertThat(fake.requestedPaths()).anyMatch(p -> p.endsWith(".whl.metadata")); // pip used PEP 658
    }
  }
}

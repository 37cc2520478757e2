package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.Universe;
import dev.jubjub.upstream.RetryPolicy;
import dev.jubjub.upstream.Upstream;
import dev.jubjub.upstream.UpstreamException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upstream that stops answering mid-run: the run gives up instead of retrying every project for hours. */
class UnreachableUpstreamTest {
  @TempDir Path dir;

  @Test
  void manyProjectsInARowThatCannotConnectStopTheRunWithTheRestInTodo() throws Exception {
    Universe universe = Universe.generate(95, 60);
    int projects = universe.projects().size();
    try (FakePyPI fake = FakePyPI.start(universe)) {
      fake.injectAlways("^/pypi/", Fault.disconnect());
      Upstream.Settings settings = new Upstream.Settings(fake.baseUri(), Optional.empty(), Duration.ofSeconds(5),
          Duration.ofSeconds(60), Optional.empty(), false, new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(4)),
          Optional.empty());
      try (Upstream upstream = new Upstream(settings)) {
        Mirror mirror = new Mirror(upstream, new FileSystemStorage(dir), Local.options(false));
        assertThatThrownBy(mirror::mirror)
            .isInstanceOf(UpstreamException.class)
            .hasMessageContaining("stopped answering: " + Mirror.UNREACHABLE_IN_A_ROW + " projects in a row");
      }
      long asked = fake.requestLog().stream().filter(q -> q.path().startsWith("/pypi/")).map(q -> q.path())
          .distinct().count();
      assertThat(asked).as("projects tried before giving up").isLessThan(projects)
          .isGreaterThanOrEqualTo(Mirror.UNREACHABLE_IN_A_ROW);
      assertThat(dir.resolve("status")).doesNotExist();
      assertThat(Files.readString(dir.resolve("todo")).lines().skip(1).count()).isEqualTo(projects);
    }
  }
}

package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jubjub.pypi.ProjectStatus;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.Storage;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.upstream.Upstream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped between a quarantine's steps (found by the hostile tester with kill -9): the next
 * run finishes the quarantine, or drops the held copies once the files are back, though the pages
 * already carry the serial.
 */
class QuarantineCrashTest {
  @TempDir Path dir;

  @Test
  void aStopBetweenTheQuarantinedPagesAndTheDeletesIsFinishedByTheNextRun() throws Exception {
    Universe u = universe();
    try (FakePyPI fake = FakePyPI.start(u)) {
      mirror(fake, new FileSystemStorage(dir));
      u.setStatus("jubjub-base", "quarantined", "malware");
      catchThrowable(() -> mirror(fake, failingOnce(p -> p.startsWith("web/packages/"))));

      mirror(fake, new FileSystemStorage(dir));

      assertThat(packageFiles("web/packages")).noneMatch(f -> f.contains("jubjub_base"));
      assertThat(dir.resolve("web/json/jubjub-base")).doesNotExist();
      assertThat(dir.resolve("web/pypi/jubjub-base/json")).doesNotExist();
      assertThat(packageFiles(".jubjub-quarantine")).anyMatch(f -> f.contains("jubjub_base"));
    }
  }

  @Test
  void aStopBeforeTheHeldCopiesAreDroppedIsFinishedByTheNextRun() throws Exception {
    Universe u = universe();
    try (FakePyPI fake = FakePyPI.start(u)) {
      mirror(fake, new FileSystemStorage(dir));
      u.setStatus("jubjub-base", "quarantined", null);
      mirror(fake, new FileSystemStorage(dir));
      u.setStatus("jubjub-base", "active", null);
      catchThrowable(() -> mirror(fake, failingOnce(p -> p.startsWith(".jubjub-quarantine/"))));

      mirror(fake, new FileSystemStorage(dir));

      assertThat(packageFiles("web/packages")).anyMatch(f -> f.contains("jubjub_base"));
      assertThat(packageFiles(".jubjub-quarantine")).isEmpty();
    }
  }

  @Test
  void aLongReasonIsCutNotTakenForActive() {
    ProjectStatus status = new ProjectStatus("quarantined", Optional.of("malware found; ".repeat(200)));
    assertThat(status.quarantined()).isTrue();
    assertThat(status.reason().orElseThrow()).hasSizeLessThanOrEqualTo(1024);
  }

  private static Universe universe() {
    Universe u = Universe.empty();
    u.addProject("jubjub-base");
    u.addRelease("jubjub-base", "1.0.0");
    u.addProject("Other.Project");
    u.addRelease("Other.Project", "2.0");
    return u;
  }

  private static void mirror(FakePyPI fake, Storage storage) throws Exception {
    try (Upstream upstream = new Upstream(Local.settings(fake))) {
      new Mirror(upstream, storage, Local.options(true)).mirror();
    }
  }

  /** The tree's storage, whose first delete of a matching path fails as a killed process would stop. */
  private Storage failingOnce(java.util.function.Predicate<String> path) throws IOException {
    FileSystemStorage real = new FileSystemStorage(dir);
    boolean[] armed = {true};
    return (Storage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Storage.class},
        (proxy, m, args) -> {
          if (armed[0] && m.getName().equals("delete") && args[0] instanceof String p && path.test(p)) {
            armed[0] = false;
            throw new IOException("stopped before deleting " + p);
          }
          try {
            return m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private List<String> packageFiles(String sub) throws IOException {
    Path root = dir.resolve(sub);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
    }
  }
}

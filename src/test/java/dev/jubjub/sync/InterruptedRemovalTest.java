package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageException;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.testing.UpstreamProject;
import dev.jubjub.upstream.Upstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped between removals it was allowed to make (here by a failing disk after the third
 * deletion; a kill leaves the same state): the next run finishes them without asking again, and
 * never lists a project the root index has already dropped.
 */
class InterruptedRemovalTest {
  @TempDir Path dir;

  @Test
  void removalsAllowedOnceAreFinishedByTheNextRunWithoutAskingAgain() throws Exception {
    Universe universe = Universe.generate(41, 20);
    try (FakePyPI fake = FakePyPI.start(universe);
        Upstream upstream = new Upstream(Local.settings(fake))) {
      FileSystemStorage disk = new FileSystemStorage(dir);
      new Mirror(upstream, disk, Local.options(false)).mirror();
      List<UpstreamProject> gone = universe.projects().subList(0, 12);
      gone.forEach(p -> universe.removeProject(p.name()));

      Storage failing = new StoppingStorage(disk, path -> path.startsWith("web/"), 4, true);
      assertThatThrownBy(() -> new Mirror(upstream, failing, Local.options(false), question -> true).mirror())
          .isInstanceOf(StorageException.class);
      String index = Files.readString(dir.resolve("web/simple/index.html"));
      gone.forEach(p -> assertThat(index).doesNotContain(">" + p.normalizedName() + "<"));
      assertThat(gone).anyMatch(p -> Files.exists(dir.resolve("web/simple/" + p.normalizedName())));

      SyncStats stats = new Mirror(upstream, disk, Local.options(false), question -> false).mirror();
      assertThat(stats.ok()).as("no removal refused, no project failed").isTrue();
      for (UpstreamProject p : gone) {
        assertThat(dir.resolve("web/simple/" + p.normalizedName())).doesNotExist();
        for (UpstreamFile f : p.files()) {
          assertThat(dir.resolve("web/" + f.urlPath())).doesNotExist();
        }
      }
      for (UpstreamProject p : universe.projects()) {
        for (UpstreamFile f : p.files()) {
          assertThat(dir.resolve("web/" + f.urlPath())).isRegularFile();
        }
      }
      assertThat(dir.resolve(MirrorState.REMOVING)).doesNotExist();
    }
  }
}

package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jubjub.pypi.Sha256;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageException;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamProject;
import dev.jubjub.upstream.Upstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An incremental run (new releases, two projects gone upstream) stopped at chosen points: a file
 * being downloaded, between a project's pages, its JSON copy, a removal, the root index, status.
 * The run stops as at a kill (a failing disk here, so the point is exact; on disk the two leave the
 * same state, as every write is a rename). After each, every page links files that are there with
 * the hash it gives, and the next run ends in exactly the tree of an uninterrupted mirror.
 */
class StopPointsTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "stopped at the {1}th {0}")
  @CsvSource({
    "write of a package file, 3, web/packages/",
    "write of a project's JSON page (its HTML pages written), 2, index.v1_json",
    "write of a JSON copy, 2, web/json/",
    "deletion in web/, 2, web/",
    "write of the root index, 1, web/simple/index.html",
    "write of status, 1, status",
  })
  void theNextRunEndsInTheTreeOfAnUninterruptedMirror(String point, int nth, String pathPart) throws Exception {
    Universe universe = Universe.generate(51, 14);
    try (FakePyPI fake = FakePyPI.start(universe);
        Upstream upstream = new Upstream(Local.settings(fake))) {
      Path dir = tmp.resolve("mirror");
      FileSystemStorage disk = new FileSystemStorage(dir);
      new Mirror(upstream, disk, Local.options(true)).mirror();
      List<UpstreamProject> projects = universe.projects();
      for (UpstreamProject p : projects.subList(0, 4)) {
        universe.addRelease(p.name(), "99.0");
      }
      universe.removeProject(projects.get(5).name());
      universe.removeProject(projects.get(6).name());

      boolean deletion = point.startsWith("deletion");
      Storage stopping = new StoppingStorage(disk, path -> path.contains(pathPart), nth, deletion);
      assertThatThrownBy(() -> new Mirror(upstream, stopping, Local.options(true)).mirror())
          .as("the run stops at the %s", point).isInstanceOf(StorageException.class);
      assertEveryLinkResolves(dir.resolve("web"));

      new Mirror(upstream, disk, Local.options(true)).mirror();
      Path fresh = tmp.resolve("fresh");
      new Mirror(upstream, new FileSystemStorage(fresh), Local.options(true)).mirror();
      assertThat(differences(snapshot(dir.resolve("web")), snapshot(fresh.resolve("web"))))
          .as("files that differ from an uninterrupted mirror's").isEmpty();
      Verifier verify = new Verifier(upstream, disk, Local.options(true));
      SyncStats checked = verify.run(false, true);
      assertThat(checked.filesDownloaded()).as("files verify would fetch").isZero();
      assertThat(verify.unowned()).isEmpty();
    }
  }

  /** Every file a JSON page links is there with the hash the page gives. */
  private static void assertEveryLinkResolves(Path web) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> pages = Files.walk(web.resolve("simple"))) {
      for (Path page : pages.filter(p -> p.getFileName().toString().equals("index.v1_json")).toList()) {
        for (JsonNode file : json.readTree(page.toFile()).path("files")) {
          Path linked = page.getParent().resolve(file.path("url").asText()).normalize();
          assertThat(linked).as("linked from %s", page).isRegularFile();
          assertThat(Sha256.of(Files.readAllBytes(linked))).isEqualTo(file.path("hashes").path("sha256").asText());
        }
      }
    }
  }

  private static List<String> differences(Map<String, String> resumed, Map<String, String> fresh) {
    java.util.TreeSet<String> paths = new java.util.TreeSet<>(resumed.keySet());
    paths.addAll(fresh.keySet());
    return paths.stream().filter(p -> !java.util.Objects.equals(resumed.get(p), fresh.get(p)))
        .map(p -> p + (resumed.containsKey(p) ? fresh.containsKey(p) ? " (other bytes)" : " (extra)" : " (missing)"))
        .toList();
  }

  /** Every file below {@code web} with its sha256. */
  private static Map<String, String> snapshot(Path web) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(web)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(web.relativize(p).toString(), Sha256.of(Files.readAllBytes(p)));
      }
    }
    return files;
  }
}

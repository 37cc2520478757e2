package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.filter.Filters;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.LoggedRequest;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.testing.UpstreamProject;
import dev.jubjub.upstream.RetryPolicy;
import dev.jubjub.upstream.Upstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request a full mirror makes, counted by path: the listing once, then per project the JSON
 * API (spelled as the listing spells it, so never redirected), the PEP 691 page once (the only
 * source of the PEP 792 status and PEP 740 provenance, and of core metadata hashes when the JSON
 * API does not give them), every file and, with core metadata, every metadata file. One more fails.
 */
class RequestCountTest {
  private static final Universe UNIVERSE = Universe.generate(3, 15);
  @TempDir Path dir;

  @Test
  void withoutCoreMetadataPageJsonApiAndFilesOnly() throws Exception {
    assertThat(mirror(false, false)).isEqualTo(expected(false));
  }

  @Test
  void withCoreMetadataAlsoTheMetadataFiles() throws Exception {
    assertThat(mirror(true, false)).isEqualTo(expected(true));
  }

  @Test
  void withCoreMetadataInTheJsonApiAsOnPypiOrgStillOnePep691Page() throws Exception {
    assertThat(mirror(true, true)).isEqualTo(expected(true));
  }

  @Test
  void verifyAsksForTheNameAsUpstreamSpellsItNotTheNormalizedOne() throws Exception {
    try (FakePyPI fake = FakePyPI.start(UNIVERSE);
        Upstream upstream = new Upstream(settings(fake))) {
      FileSystemStorage storage = new FileSystemStorage(dir);
      new Mirror(upstream, storage, options(false)).mirror();
      fake.resetRequests();
      new Verifier(upstream, storage, options(false)).run(false, true);

      assertThat(fake.requestLog().stream().map(LoggedRequest::pathAndQuery))
          .containsExactlyInAnyOrderElementsOf(
              UNIVERSE.projects().stream().map(p -> "/pypi/" + p.name() + "/json").toList());
    }
  }

  private Map<String, Long> mirror(boolean coreMetadata, boolean inJson) throws Exception {
    try (FakePyPI fake = FakePyPI.start(UNIVERSE);
        Upstream upstream = new Upstream(settings(fake))) {
      fake.coreMetadataInJson(inJson);
      SyncStats stats = new Mirror(upstream, new FileSystemStorage(dir), options(coreMetadata)).mirror();
      assertThat(stats.projectsDone.get()).isEqualTo(UNIVERSE.projects().size());
      assertThat(fake.requestLog())
          .as("documents travel gzipped, files as published")
          .allMatch(r -> r.acceptsGzip() != r.path().startsWith("/packages/"));
      return fake.requestLog().stream()
          .collect(Collectors.groupingBy(LoggedRequest::pathAndQuery, TreeMap::new, Collectors.counting()));
    }
  }

  private static Map<String, Long> expected(boolean coreMetadata) {
    Map<String, Long> paths = new TreeMap<>();
    paths.put("/simple/", 1L);
    for (UpstreamProject p : UNIVERSE.projects()) {
      paths.put("/pypi/" + p.name() + "/json", 1L);
      paths.put("/simple/" + p.normalizedName() + "/", 1L);
      for (UpstreamFile f : p.files()) {
        paths.put("/" + f.urlPath(), 1L);
        if (coreMetadata && f.coreMetadataSha256().isPresent()) {
          paths.put("/" + f.urlPath() + ".metadata", 1L);
        }
      }
    }
    return paths;
  }

  private static Upstream.Settings settings(FakePyPI fake) {
    return new Upstream.Settings(
        fake.baseUri(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(60),
        Optional.empty(), false, RetryPolicy.DEFAULT, Optional.empty());
  }

  private static SyncOptions options(boolean coreMetadata) {
    return new SyncOptions(
        3, false, false, true, true, true, coreMetadata, SyncOptions.CompareMethod.HASH,
        SyncOptions.SimpleFormat.ALL, Optional.empty(), Optional.empty(), false, false, 0, Filters.none(), ReleaseAge.off());
  }
}

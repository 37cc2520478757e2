package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.LoggedRequest;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamProject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Upstream} asks the fake PyPI for, request by request. */
class UpstreamTest {
  private static FakePyPI fake;
  private static Upstream upstream;

  @BeforeAll
  static void start() {
    fake = FakePyPI.start(Universe.generate(5, 40));
    upstream = new Upstream(settings(fake.baseUri()));
  }

  @AfterAll
  static void stop() {
    upstream.close();
    fake.close();
  }

  @BeforeEach
  void forgetRequests() {
    fake.resetRequests();
  }

  static Upstream.Settings settings(URI master) {
    return new Upstream.Settings(
        master,
        Optional.empty(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Optional.empty(),
        false,
        new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4)), Optional.empty());
  }

  @Test
  void withoutCoreMetadataAProjectIsOneRequestAndItsFilesHaveNone() throws Exception {
    ProjectMetadata project = upstream.project(ProjectName.of("Base_Core"), 0, false, HeapBudget.PROCESS.lease());

    assertThat(paths()).containsExactly("/pypi/Base_Core/json");
    assertThat(project.files()).isNotEmpty().noneMatch(DistFile::hasCoreMetadata);
  }

  @Test
  void withCoreMetadataThePep691PageIsTheOneMoreRequest() throws Exception {
    ProjectMetadata project = upstream.project(ProjectName.of("Base_Core"), 0, true, HeapBudget.PROCESS.lease());

    assertThat(paths()).containsExactly("/pypi/Base_Core/json", "/simple/base-core/");
    assertThat(project.files()).filteredOn(f -> f.filename().endsWith(".whl")).isNotEmpty().allMatch(DistFile::hasCoreMetadata);
  }

  @Test
  void theListingSpellsEveryNameAsTheJsonApiAnswersItWithoutARedirect() throws Exception {
    Listing listing = upstream.listProjects();
    fake.resetRequests();
    for (Listing.Entry entry : listing.projects().values()) {
      upstream.project(entry.name(), entry.serial(), false, HeapBudget.PROCESS.lease());
    }

    List<String> displayNames = fake.universe().projects().stream().map(p -> "/pypi/" + p.name() + "/json").toList();
    assertThat(displayNames).anyMatch(p -> !p.equals(p.toLowerCase())); // the test means something
    assertThat(paths()).containsExactlyInAnyOrderElementsOf(displayNames);
  }

  @Test
  void documentsAreAskedForGzippedAndFilesAreNot() throws Exception {
    UpstreamProject base = fake.universe().require("jubjub-base");
    ProjectMetadata project = upstream.project(ProjectName.of(base.name()), 0, true, HeapBudget.PROCESS.lease());
    DistFile wheel = project.files().stream().filter(DistFile::hasCoreMetadata).findFirst().orElseThrow();
    MemorySink file = new MemorySink();
    MemorySink metadata = new MemorySink();
    assertThat(upstream.download(wheel, file)).isEqualTo(wheel.size());
    upstream.downloadCoreMetadata(wheel, metadata);
    assertThat(file.committed).hasSize((int) wheel.size());
    assertThat(metadata.committed).isNotNull();
    upstream.listProjects();

    List<LoggedRequest> log = fake.requestLog();
    assertThat(log).filteredOn(r -> !r.path().startsWith("/packages/")).hasSize(3).allMatch(LoggedRequest::acceptsGzip);
    assertThat(log).filteredOn(r -> r.path().startsWith("/packages/")).hasSize(2).noneMatch(LoggedRequest::acceptsGzip);
  }

  private static List<String> paths() {
    return fake.requestLog().stream().map(LoggedRequest::pathAndQuery).toList();
  }

  /** Keeps the committed bytes of the last attempt. */
  private static final class MemorySink implements DownloadSink {
    byte[] committed;

    @Override
    public Write begin() {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      return new Write() {
        @Override
        public java.io.OutputStream stream() {
          return out;
        }

        @Override
        public void commit() {
          committed = out.toByteArray();
        }

        @Override
        public void close() {}
      };
    }
  }
}

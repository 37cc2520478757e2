package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gzipped documents: decoded, bounded after decoding, and a broken stream is a transient failure. */
class UpstreamGzipTest {
  /** Small, so a bomb is refused without inflating half a gigabyte; real documents fit. */
  private static final int LIMIT = 1024 * 1024;
  private FakePyPI fake;
  private Upstream upstream;

  @BeforeEach
  void start() {
    fake = FakePyPI.start(Universe.generate(2, 30));
    upstream = new Upstream(UpstreamTest.settings(fake.baseUri()), LIMIT);
  }

  @AfterEach
  void stop() {
    upstream.close();
    fake.close();
  }

  @Test
  void gzippedAndPlainDocumentsParseTheSame() throws Exception {
    Listing gzipped = upstream.listProjects();
    ProjectMetadata project = upstream.project(ProjectName.of("ZOPE.Interface"), 0, true, HeapBudget.PROCESS.lease());
    fake.gzip(false);

    assertThat(upstream.listProjects()).isEqualTo(gzipped);
    ProjectMetadata plain = upstream.project(ProjectName.of("ZOPE.Interface"), 0, true, HeapBudget.PROCESS.lease());
    assertThat(plain.files()).isEqualTo(project.files()).isNotEmpty();
    assertThat(gzipped.projects()).hasSize(30);
  }

  @Test
  void aGzipBombIsRefusedAtOnceNamingTheUrl() {
    fake.injectAlways("^/pypi/", Fault.gzipBomb(8L * LIMIT));

    assertThatThrownBy(() -> upstream.project(ProjectName.of("Base_Core"), 0, false, HeapBudget.PROCESS.lease()))
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("larger than " + LIMIT + " bytes when decoded")
        .hasMessageContaining(fake.baseUri() + "pypi/Base_Core/json");
    assertThat(fake.requests("/pypi/")).as("a retry would inflate the same bomb").isEqualTo(1);
  }

  @Test
  void aGzipBombListingFailsTheListingOnly() throws Exception {
    fake.injectAlways("^/simple/$", Fault.gzipBomb(8L * LIMIT));

    assertThatThrownBy(upstream::listProjects)
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("when decoded")
        .hasMessageContaining(fake.simpleUri().toString());
    assertThat(upstream.project(ProjectName.of("Base_Core"), 0, false, HeapBudget.PROCESS.lease()).files()).isNotEmpty();
  }

  @Test
  void theBombIsOnlyOverTheLimitDecoded() throws Exception {
    fake.inject("^/pypi/", 1, Fault.gzipBomb(LIMIT / 2));

    assertThat(upstream.project(ProjectName.of("Base_Core"), 0, false, HeapBudget.PROCESS.lease()).files()).isNotEmpty();
  }

  @Test
  void aBrokenGzipStreamIsRetriedThenFailsNamingTheUrl() {
    fake.injectAlways("^/pypi/", Fault.corrupt());

    assertThatThrownBy(() -> upstream.project(ProjectName.of("Base_Core"), 0, false, HeapBudget.PROCESS.lease()))
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("broken gzip body")
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining(fake.baseUri() + "pypi/Base_Core/json");
    assertThat(fake.requests("/pypi/")).isEqualTo(3);
  }

  @Test
  void aBrokenGzipStreamOnceIsRetriedAndThenParsed() throws Exception {
    fake.inject("^/simple/base-core/$", 1, Fault.corrupt());
    fake.inject("^/pypi/", 1, Fault.truncate());

    ProjectMetadata project = upstream.project(ProjectName.of("Base_Core"), 0, true, HeapBudget.PROCESS.lease());
    assertThat(project.files()).anyMatch(f -> f.hasCoreMetadata());
    assertThat(fake.requests("/simple/base-core/")).isEqualTo(2);
    assertThat(fake.requests("/pypi/")).isEqualTo(2);
  }
}

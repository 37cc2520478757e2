package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.config.IniFile;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.sync.Mirror;
import dev.jubjub.sync.ReleaseAge;
import dev.jubjub.sync.SyncOptions;
import dev.jubjub.sync.Verifier;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.LoggedRequest;
import dev.jubjub.testing.Python;
import dev.jubjub.testing.ReleaseSpec;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.upstream.RetryPolicy;
import dev.jubjub.upstream.Upstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * min-release-age end to end, judged by real pip against {@code jubjub serve}: a file younger than
 * the limit is downloaded but not offered; a later run with no upstream change offers it once it
 * is old enough, without asking upstream about anything but the listing; exempt projects see new
 * files at once; verify keeps the waiting files.
 */
class ReleaseAgeServeTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  @TempDir Path home;

  /** A clock a test moves forward. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  static Universe universe() {
    Universe u = Universe.empty();
    for (String name : List.of("agepkg", "exemptpkg", "steady")) {
      u.addProject(name);
      u.addRelease(name, ReleaseSpec.of("1.0"), NOW.minus(Duration.ofDays(30)));
    }
    u.addRelease("agepkg", ReleaseSpec.of("2.0"), NOW.minus(Duration.ofDays(1)));
    u.addRelease("exemptpkg", ReleaseSpec.of("2.0"), NOW.minus(Duration.ofHours(1)));
    return u;
  }

  static SyncOptions options(Clock clock) {
    IniFile ini = IniFile.parse(Path.of("t.conf"), """
        [mirror]
        min-release-age = 3d
        min-release-age-exempt =
            exemptpkg>=2
        """);
    return SyncOptions.defaults().withReleaseAge(ReleaseAge.from(ini, clock));
  }

  static Upstream upstream(FakePyPI fake) {
    return new Upstream(new Upstream.Settings(fake.baseUri(), Optional.empty(), Duration.ofSeconds(10),
        Duration.ofSeconds(60), Optional.empty(), false, RetryPolicy.DEFAULT, Optional.empty()));
  }

  static MirrorServer serve(Path directory) throws Exception {
    MirrorServer server = new MirrorServer(new ServeOptions(FileSystemStorage.forReading(directory), "127.0.0.1", 0,
        false, Optional.empty(), Optional.empty(), Optional.empty(), false, true, Optional.empty(), Optional.empty()));
    server.start();
    return server;
  }

  @Test
  void aYoungFileIsDownloadedHiddenThenShownOnceOldEnoughWithoutAskingUpstream() throws Exception {
    Universe universe = universe();
    MovableClock clock = new MovableClock(NOW);
    Path dir = home.resolve("mirror");
    Path youngOnDisk = onDisk(dir, universe, "agepkg", "agepkg-2.0-py3-none-any.whl");
    try (FakePyPI fake = FakePyPI.start(universe);
        Upstream upstream = upstream(fake)) {
      FileSystemStorage storage = new FileSystemStorage(dir);
      new Mirror(upstream, storage, options(clock)).mirror();
      assertThat(youngOnDisk).as("downloaded at once").exists();
      assertThat(Files.readString(dir.resolve("web/simple/agepkg/index.html"))).doesNotContain("agepkg-2.0");
      JsonNode copy = JsonApiParser.MAPPER.readTree(dir.resolve("web/json/agepkg").toFile());
      assertThat(copy.path("releases").has("2.0")).isFalse();
      assertThat(copy.path("info").path("version").asText()).isEqualTo("1.0");
      assertThat(copy.path("urls").toString()).contains("agepkg-1.0").doesNotContain("agepkg-2.0");
      assertThat(Files.readString(dir.resolve("web/simple/exemptpkg/index.html"))).contains("exemptpkg-2.0");
      assertThat(pipInstalls(dir, "agepkg")).isEqualTo("agepkg-1.0");
      assertThat(pipInstalls(dir, "exemptpkg")).isEqualTo("exemptpkg-2.0");

      new Verifier(upstream, storage, options(clock), false, q -> true).run(true, false);
      assertThat(youngOnDisk).as("verify --delete keeps a waiting file").exists();
      assertThat(Files.readString(dir.resolve("web/simple/agepkg/index.html"))).doesNotContain("agepkg-2.0");

      clock.advance(Duration.ofDays(2).plusHours(1)); // 3d 1h after upload
      fake.resetRequests();
      new Mirror(upstream, storage, options(clock)).mirror();
      assertThat(fake.requestLog().stream().map(LoggedRequest::path)).containsExactly("/simple/");
      assertThat(Files.readString(dir.resolve("web/simple/agepkg/index.html"))).contains("agepkg-2.0");
      JsonNode aged = JsonApiParser.MAPPER.readTree(dir.resolve("web/json/agepkg").toFile());
      assertThat(aged.path("info").path("version").asText()).isEqualTo("2.0");
      assertThat(aged.path("releases").has("2.0")).isTrue();
      assertThat(dir.resolve(".jubjub-waiting")).isEmptyDirectory();
      assertThat(pipInstalls(dir, "agepkg")).isEqualTo("agepkg-2.0");
    }
  }

  @Test
  void aWaitingFileDroppedUpstreamIsDeletedAndARemovedProjectTakesItsWaitingFilesAlong() throws Exception {
    Universe universe = universe();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Path dir = home.resolve("mirror");
    Path youngOnDisk = onDisk(dir, universe, "agepkg", "agepkg-2.0.tar.gz");
    try (FakePyPI fake = FakePyPI.start(universe);
        Upstream upstream = upstream(fake)) {
      FileSystemStorage storage = new FileSystemStorage(dir);
      new Mirror(upstream, storage, options(clock)).mirror();
      assertThat(youngOnDisk).exists();

      universe.removeRelease("agepkg", "2.0");
      new Mirror(upstream, storage, options(clock)).mirror();
      assertThat(youngOnDisk).as("no longer listed upstream").doesNotExist();
      assertThat(dir.resolve(".jubjub-waiting")).isEmptyDirectory();

      universe.addRelease("steady", ReleaseSpec.of("2.0"), NOW.minus(Duration.ofHours(2)));
      new Mirror(upstream, storage, options(clock)).mirror();
      Path steadyOnDisk = onDisk(dir, universe, "steady", "steady-2.0.tar.gz");
      assertThat(steadyOnDisk).exists();
      new Mirror(upstream, storage, options(clock)).delete(List.of(dev.jubjub.pypi.ProjectName.of("steady")), false);
      assertThat(steadyOnDisk).doesNotExist();
      assertThat(dir.resolve(".jubjub-waiting")).isEmptyDirectory();
    }
  }

  @Test
  void theMirrorCommandReadsTheLimitFromTheConfigAndATestClockFromTheProperty() throws Exception {
    try (FakePyPI fake = FakePyPI.start(universe())) {
      InProcessMirror mirror = InProcessMirror.of(home, fake, "min-release-age = 3d\nmin-release-age-exempt = exemptpkg");
      Path pages = mirror.directory().resolve("web/simple");
      try {
        System.setProperty(ReleaseAge.CLOCK_PROPERTY, NOW.toString());
        assertThat(mirror.sync()).isZero();
        assertThat(Files.readString(pages.resolve("agepkg/index.html"))).doesNotContain("agepkg-2.0");
        assertThat(Files.readString(pages.resolve("exemptpkg/index.html"))).contains("exemptpkg-2.0");
        System.setProperty(ReleaseAge.CLOCK_PROPERTY, NOW.plus(Duration.ofDays(3)).toString());
        assertThat(mirror.sync()).isZero();
        assertThat(Files.readString(pages.resolve("agepkg/index.html"))).contains("agepkg-2.0");
      } finally {
        System.clearProperty(ReleaseAge.CLOCK_PROPERTY);
      }
    }
  }

  private static Path onDisk(Path dir, Universe universe, String project, String filename) {
    UpstreamFile file = universe.require(project).file(filename).orElseThrow();
    return dir.resolve("web/packages").resolve(file.urlPath().substring("packages/".length()));
  }

  /** The version pip installs from the mirror, as {@code name-version}. */
  private String pipInstalls(Path dir, String project) throws Exception {
    try (MirrorServer server = serve(dir)) {
      Path target = Files.createTempDirectory(home, "site");
      Python.Result r = Python.run(home, "-m", "pip", "install", "--no-cache-dir", "--no-deps", "--index-url",
          "http://127.0.0.1:" + server.port() + "/simple/", "--target", target.toString(), project);
      assertThat(r.exitCode()).as(r.output()).isZero();
      try (var listing = Files.list(target)) {
        return listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dist-info")).findFirst()
            .orElseThrow().replace(".dist-info", "");
      }
    }
  }
}

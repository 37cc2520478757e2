package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.filter.Filters;
import dev.jubjub.serve.MirrorServer;
import dev.jubjub.serve.ServeOptions;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.LoggedRequest;
import dev.jubjub.testing.Universe;
import dev.jubjub.upstream.RetryPolicy;
import dev.jubjub.upstream.Upstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run after a finished one asks upstream's serial by XML-RPC ({@code changelog_last_serial}, one
 * small request) before the listing (PyPI's is 50 MB): unchanged, the run ends there; changed,
 * unanswered, or with work of its own pending, it reads the listing as always.
 */
class NoChangeRunTest {
  @TempDir Path dir;

  @Test
  void anUnchangedUpstreamCostsOneRequest() throws Exception {
    Universe universe = Universe.generate(7, 6);
    try (FakePyPI fake = FakePyPI.start(universe); Upstream upstream = new Upstream(settings(fake))) {
      FileSystemStorage storage = new FileSystemStorage(dir);
      new Mirror(upstream, storage, options()).mirror();
      byte[] root = Files.readAllBytes(dir.resolve("web/simple/index.html"));
      fake.resetRequests();

      SyncStats stats = new Mirror(upstream, storage, options()).mirror();

      assertThat(fake.requestLog()).extracting(r -> r.method() + " " + r.path()).containsExactly("POST /pypi");
      assertThat(stats.upstreamSerial.get()).isEqualTo(universe.serial());
      assertThat(Files.readAllBytes(dir.resolve("web/simple/index.html"))).isEqualTo(root);

      // A new release upstream: the serial differs, and the listing is read.
      universe.addRelease(universe.projects().get(2).name(), "99.0");
      fake.resetRequests();
      stats = new Mirror(upstream, storage, options()).mirror();
      assertThat(paths(fake)).contains("/pypi", "/simple/");
      assertThat(stats.projectsDone.get()).isEqualTo(1);
      assertThat(new MirrorState(storage).loadStatus()).isEqualTo(universe.serial());
    }
  }

  @Test
  void withoutAnXmlRpcAnswerTheListingIsRead() throws Exception {
    Universe universe = Universe.generate(8, 4);
    try (FakePyPI fake = FakePyPI.start(universe); Upstream upstream = new Upstream(settings(fake))) {
      FileSystemStorage storage = new FileSystemStorage(dir);
      new Mirror(upstream, storage, options()).mirror();
      fake.injectAlways("^/pypi$", Fault.status(405));
      fake.resetRequests();

      new Mirror(upstream, storage, options()).mirror();

      assertThat(paths(fake)).contains("/simple/");
    }
  }

  @Test
  void pendingWorkOrAFirstRunReadsTheListing() throws Exception {
    Universe universe = Universe.generate(9, 4);
    try (FakePyPI fake = FakePyPI.start(universe); Upstream upstream = new Upstream(settings(fake))) {
      FileSystemStorage storage = new FileSystemStorage(dir);
      new Mirror(upstream, storage, options()).mirror();
      assertThat(paths(fake)).doesNotContain("/pypi").contains("/simple/");

      // The root index gone (a hand-made repair, a half-copied tree): written again.
      Files.delete(dir.resolve("web/simple/index.html"));
      fake.resetRequests();
      new Mirror(upstream, storage, options()).mirror();
      assertThat(paths(fake)).contains("/simple/");
      assertThat(dir.resolve("web/simple/index.html")).exists();

      // --force-check never takes the short cut.
      fake.resetRequests();
      new Mirror(upstream, storage, options()).mirror(true);
      assertThat(paths(fake)).doesNotContain("/pypi").contains("/simple/");
    }
  }

  /**
   * A jubjub mirror of a {@code jubjub serve}: the server answers {@code changelog_last_serial} with
   * the serial its listing gives, so the second mirror's no-change run is one request too.
   */
  @Test
  void aJubjubServeAsUpstreamCostsOneRequestWhenUnchanged() throws Exception {
    Universe universe = Universe.generate(10, 5);
    Path accessLog = dir.resolve("access.log");
    try (FakePyPI fake = FakePyPI.start(universe); Upstream pypi = new Upstream(settings(fake.baseUri()))) {
      new Mirror(pypi, new FileSystemStorage(dir.resolve("first")), options()).mirror();
      try (MirrorServer server = new MirrorServer(new ServeOptions(FileSystemStorage.forReading(dir.resolve("first")),
          "127.0.0.1", 0, false, Optional.empty(), Optional.of(accessLog), Optional.empty(), false, true,
          Optional.empty()))) {
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.port());
        try (Upstream upstream = new Upstream(settings(base))) {
          FileSystemStorage second = new FileSystemStorage(dir.resolve("second"));
          new Mirror(upstream, second, options()).mirror();
          long serial = new MirrorState(second).loadStatus();
          assertThat(serial).isEqualTo(universe.serial());
          HttpResponse<Void> listing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/simple/"))
              .header("Accept", "application/vnd.pypi.simple.v1+json").build(), HttpResponse.BodyHandlers.discarding());
          assertThat(listing.headers().firstValue("X-PyPI-Last-Serial")).hasValue(Long.toString(serial));
          assertThat(upstream.lastSerial()).hasValue(serial);
          int before = loggedRequests(accessLog).size();

          SyncStats stats = new Mirror(upstream, second, options()).mirror();

          assertThat(loggedRequests(accessLog).subList(before, loggedRequests(accessLog).size())).singleElement()
              .asString().contains("\"POST /pypi HTTP/1.1\" 200");
          assertThat(stats.upstreamSerial.get()).isEqualTo(serial);
        }
      }
    }
  }

  /**
   * A project that failed reaches a downstream jubjub once a retry at the same upstream serial
   * syncs it, and while it fails the downstream keeps up with everything else. The listing gives
   * a failed project the serial upstream has it at: listed at its pages' older serial, below the
   * serial the downstream had reached, a retry's result was never planned there.
   */
  @Test
  void aProjectRetriedAtTheSameSerialReachesADownstreamJubjub() throws Exception {
    Universe universe = Universe.generate(11, 5);
    String failing = universe.projects().get(3).name();
    String other = universe.projects().get(1).name();
    Path second = dir.resolve("second");
    try (FakePyPI fake = FakePyPI.start(universe); Upstream pypi = new Upstream(quick(fake.baseUri()))) {
      FileSystemStorage first = new FileSystemStorage(dir.resolve("first"));
      new Mirror(pypi, first, options()).mirror(); // a finished mirror
      universe.addRelease(other, "98.0");
      universe.addRelease(failing, "99.0");
      fake.injectAlways("^/pypi/" + java.util.regex.Pattern.quote(failing) + "/json$", Fault.status(500));
      fake.injectAlways("^/simple/" + dev.jubjub.pypi.ProjectName.normalize(failing) + "/$", Fault.status(500));
      assertThat(new Mirror(pypi, first, options()).mirror().ok()).isFalse();
      try (MirrorServer server = new MirrorServer(new ServeOptions(FileSystemStorage.forReading(dir.resolve("first")),
          "127.0.0.1", 0, false, Optional.empty(), Optional.empty(), Optional.empty(), false, true,
          Optional.empty()));
          Upstream upstream = new Upstream(quick(startedAt(server)))) {
        FileSystemStorage downstream = new FileSystemStorage(second);
        assertThat(new Mirror(upstream, downstream, options()).mirror().ok()).as("the failed project fails here too")
            .isFalse();
        assertThat(page(second, other)).contains("98.0");
        // Upstream of it the project's pages are older than its listed serial: not taken as current.
        assertThat(second.resolve("web/simple/" + dev.jubjub.pypi.ProjectName.normalize(failing))).doesNotExist();

        // It keeps failing upstream of us while another project changes: the downstream follows.
        universe.addRelease(universe.projects().get(2).name(), "97.0");
        new Mirror(pypi, first, options()).mirror();
        Thread.sleep(1200); // serve looks at a cached document again at most once a second
        new Mirror(upstream, downstream, options()).mirror();
        assertThat(page(second, universe.projects().get(2).name())).contains("97.0");

        fake.clearFaults();
        new Mirror(pypi, first, options()).mirror(); // the retry: upstream's serial has not moved
        assertThat(new MirrorState(first).loadStatus()).isEqualTo(universe.serial());
        Thread.sleep(1200);
        assertThat(new Mirror(upstream, downstream, options()).mirror().ok()).isTrue();

        assertThat(page(second, failing)).contains("99.0");
        assertThat(new MirrorState(downstream).loadStatus()).isEqualTo(universe.serial());
      }
    }
  }

  private static URI startedAt(MirrorServer server) throws Exception {
    server.start();
    return URI.create("http://127.0.0.1:" + server.port());
  }

  private static String page(Path mirror, String project) throws java.io.IOException {
    return Files.readString(mirror.resolve("web/simple/" + dev.jubjub.pypi.ProjectName.normalize(project) + "/index.html"));
  }

  /**
   * The access log's lines once no more have come for 300 ms: a line is written as its request
   * ends, which can be just after the client has its answer.
   */
  private static List<String> loggedRequests(Path accessLog) throws Exception {
    List<String> lines = Files.readAllLines(accessLog);
    for (int i = 0; i < 20; i++) {
      Thread.sleep(300);
      List<String> now = Files.readAllLines(accessLog);
      if (now.size() == lines.size()) {
        return now;
      }
      lines = now;
    }
    return lines;
  }

  private static List<String> paths(FakePyPI fake) {
    return fake.requestLog().stream().map(LoggedRequest::path).toList();
  }

  private static Upstream.Settings settings(FakePyPI fake) {
    return settings(fake.baseUri());
  }

  private static Upstream.Settings settings(URI upstream) {
    return new Upstream.Settings(
        upstream, Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(60),
        Optional.empty(), false, RetryPolicy.DEFAULT, Optional.empty());
  }

  /** Gives up on a failing request at once: the test's failures are on purpose. */
  private static Upstream.Settings quick(URI upstream) {
    return new Upstream.Settings(
        upstream, Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(60),
        Optional.empty(), false, new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)), Optional.empty());
  }

  private static SyncOptions options() {
    return new SyncOptions(
        2, false, false, true, true, true, false, SyncOptions.CompareMethod.HASH,
        SyncOptions.SimpleFormat.ALL, Optional.empty(), Optional.empty(), false, false, 0, Filters.none(), ReleaseAge.off());
  }
}

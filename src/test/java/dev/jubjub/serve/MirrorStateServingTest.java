package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a server says of the mirror it serves: before the first sync, without JSON copies, and how
 * current it is ({@code /health}, {@code /metrics}), asked with the JDK's HTTP client.
 */
class MirrorStateServingTest {
  @TempDir static Path tmp;
  static Universe universe;
  static FakePyPI fake;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void upstream() {
    universe = Universe.generate(41, 6);
    fake = FakePyPI.start(universe);
  }

  @AfterAll
  static void stopUpstream() {
    fake.close();
  }

  private static ServeOptions options(Path directory, boolean json, Optional<Duration> maxSyncAge) throws Exception {
    return new ServeOptions(FileSystemStorage.forReading(directory), "127.0.0.1", 0, false, Optional.empty(),
        Optional.empty(), Optional.empty(), false, json, maxSyncAge);
  }

  private static HttpResponse<String> get(MirrorServer server, String path, String accept) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answers503UntilTheFirstSyncHasMadeTheTreeThenServesItWithoutARestart(@TempDir Path home) throws Exception {
    InProcessMirror mirror = InProcessMirror.of(home, fake, "");
    ch.qos.logback.classic.Logger serverLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(MirrorServer.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    serverLog.addAppender(logged);
    try (MirrorServer server = new MirrorServer(options(mirror.directory(), true, Optional.empty()))) {
      server.start();
      assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
          .contains(mirror.directory().toString()).contains("no mirror yet");
      assertThat(mirror.directory()).as("serving creates nothing").doesNotExist();

      HttpResponse<String> health = get(server, "/health", "*/*");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(health.body()).startsWith("{\"status\": \"no mirror yet\", \"serial\": null");
      HttpResponse<String> page = get(server, "/simple/", "text/html");
      assertThat(page.statusCode()).isEqualTo(503);
      assertThat(page.headers().firstValue("Retry-After")).isPresent();
      assertThat(page.body()).contains(FirstSync.NOT_YET).doesNotContain(mirror.directory().toString());
      HttpResponse<String> text = get(server, "/packages/ab/cd/x-1.0.tar.gz", "text/plain");
      assertThat(text.statusCode()).isEqualTo(503);
      assertThat(text.body()).contains(FirstSync.NOT_YET);
      HttpResponse<String> api = get(server, "/pypi/jubjub-base/json", "application/json");
      assertThat(api.statusCode()).isEqualTo(503);
      assertThat(api.body()).isEqualTo("{\"message\": \"" + FirstSync.NOT_YET + "\"}\n");
      assertThat(get(server, "/metrics", "*/*").statusCode()).isEqualTo(200);

      assertThat(mirror.sync()).isZero();
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int status = 0;
      while (System.nanoTime() < until && (status = get(server, "/simple/jubjub-base/", "text/html").statusCode()) != 200) {
        Thread.sleep(100);
      }
      assertThat(status).as("served within a second or two of the sync").isEqualTo(200);
      assertThat(get(server, "/pypi/jubjub-base/json", "application/json").statusCode()).isEqualTo(200);
      String file = universe.require("jubjub-base").files().getFirst().urlPath();
      assertThat(get(server, "/" + file, "*/*").statusCode()).isEqualTo(200);
      String expected = "{\"status\": \"ok\", \"serial\": " + universe.serial() + ",";
      HttpResponse<String> ok = get(server, "/health", "*/*");
      long healthUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < healthUntil && !ok.body().startsWith(expected)) {
        Thread.sleep(200); // the sync writes status just after the root index; health reads it every few seconds
        ok = get(server, "/health", "*/*");
      }
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).startsWith(expected);
    } finally {
      serverLog.detachAppender(logged);
    }
  }

  @Test
  void theJsonApiOfAMirrorWithoutJsonCopiesSaysWhyItIs404(@TempDir Path home) throws Exception {
    InProcessMirror mirror = InProcessMirror.of(home, fake, "");
    assertThat(mirror.sync()).isZero();
    try (MirrorServer server = new MirrorServer(options(mirror.directory(), false, Optional.empty()))) {
      server.start();
      HttpResponse<String> api = get(server, "/pypi/jubjub-base/json", "*/*");
      assertThat(api.statusCode()).isEqualTo(404);
      assertThat(api.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(api.body()).contains("[mirror] json = false").startsWith("{\"message\": ");
      assertThat(get(server, "/pypi/jubjub-base/1.0.0/json", "*/*").body()).contains("[mirror] json = false");
      assertThat(get(server, "/simple/jubjub-base/", "text/html").statusCode()).isEqualTo(200);
    }
    try (MirrorServer server = new MirrorServer(options(mirror.directory(), true, Optional.empty()))) {
      server.start();
      HttpResponse<String> missing = get(server, "/pypi/no-such-project/json", "*/*");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).isEqualTo("{\"message\": \"Not Found\"}\n");
    }
  }

  @Test
  void healthAndMetricsTellHowCurrentTheMirrorIsFromTheRunReportOrElseTheStatusFile(@TempDir Path home)
      throws Exception {
    InProcessMirror mirror = InProcessMirror.of(home, fake, "");
    assertThat(mirror.sync()).isZero();
    Path report = mirror.directory().resolve(MirrorLayout.LAST_RUN);
    Instant finished = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    Instant success = finished.minus(1, ChronoUnit.HOURS);
    Files.writeString(report, """
        {"version": 1, "command": "mirror", "started": "%s", "finished": "%s", "result": "failed",
         "exit_code": 1, "serial": %d, "upstream_serial": %d,
         "projects": {"synced": 5, "removed": 0, "failed": 2}, "files": {"downloaded": 9, "removed": 1},
         "bytes": {"downloaded": 4096}, "failures": [{"project": "a", "reason": "404"}, {"project": "b", "reason": "x"}],
         "last_success": "%s"}
        """.formatted(finished.minusSeconds(70), finished, universe.serial(), universe.serial() + 5, success));
    long files;
    long bytes;
    try (Stream<Path> walk = Files.walk(mirror.directory().resolve(MirrorLayout.PACKAGES))) {
      long[] counted = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).collect(
          () -> new long[2], (a, size) -> { a[0]++; a[1] += size; }, (a, b) -> { a[0] += b[0]; a[1] += b[1]; });
      files = counted[0];
      bytes = counted[1];
    }
    assertThat(files).isPositive();

    try (MirrorServer server = new MirrorServer(options(mirror.directory(), true, Optional.empty()))) {
      server.start();
      HttpResponse<String> health = get(server, "/health", "*/*");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).startsWith("{\"status\": \"ok\", \"serial\": " + universe.serial())
          .contains("\"last_success\": \"" + success + "\"", "\"last_run_result\": \"failed\"",
              "\"last_run_finished\": \"" + finished + "\"", "\"last_run_failed_projects\": 2")
          .containsPattern("\"last_success_age_seconds\": 1440[0-9]");
      String metrics = metrics(server);
      assertThat(metrics)
          .contains("# TYPE jubjub_mirror_last_success_timestamp_seconds gauge\n")
          .contains("\njubjub_mirror_last_success_timestamp_seconds " + success.getEpochSecond() + ".")
          .contains("\njubjub_mirror_last_run_timestamp_seconds " + finished.getEpochSecond() + ".")
          .contains("\njubjub_mirror_last_run_ok 0\n", "\njubjub_mirror_last_run_failed_projects 2\n")
          .contains("\njubjub_mirror_serial " + universe.serial() + "\n")
          .contains("\njubjub_mirror_upstream_serial " + (universe.serial() + 5) + "\n");
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < until && !metrics.contains("\njubjub_mirror_files ")) {
        Thread.sleep(50);
        metrics = metrics(server);
      }
      assertThat(metrics).contains("\njubjub_mirror_files " + files + "\n", "\njubjub_mirror_bytes " + bytes + "\n")
          .containsPattern("\njubjub_mirror_tree_scan_timestamp_seconds \\d+\\.\\d{3}\n");
    }

    try (MirrorServer strict = new MirrorServer(options(mirror.directory(), true, Optional.of(Duration.ofHours(2))))) {
      strict.start();
      HttpResponse<String> stale = get(strict, "/health", "*/*");
      assertThat(stale.statusCode()).isEqualTo(503);
      assertThat(stale.body()).startsWith("{\"status\": \"stale\"").contains("more than max-sync-age = 7200 s");
    }

    // No report that can be read (a bandersnatch tree): the status file's time is the last success.
    Files.writeString(report, "{not json");
    Instant statusTime = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    Files.setLastModifiedTime(mirror.directory().resolve(MirrorLayout.STATUS), FileTime.from(statusTime));
    try (MirrorServer fallback = new MirrorServer(options(mirror.directory(), true, Optional.of(Duration.ofHours(2))))) {
      fallback.start();
      HttpResponse<String> health = get(fallback, "/health", "*/*");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"last_success\": \"" + statusTime + "\"", "\"last_run_result\": null");
      assertThat(metrics(fallback))
          .contains("\njubjub_mirror_last_success_timestamp_seconds " + statusTime.getEpochSecond() + ".000\n")
          .doesNotContain("\njubjub_mirror_last_run_ok ");
    }
  }

  private static String metrics(MirrorServer server) throws Exception {
    HttpResponse<String> r = get(server, "/metrics", "*/*");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}

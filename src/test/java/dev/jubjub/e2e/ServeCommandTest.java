package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.testing.UpstreamProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jubjub serve} over a mirror made by {@code jubjub mirror}, checked with pip and curl. */
class ServeCommandTest {
  @TempDir static Path tmp;
  static Universe universe;
  static MirrorFixture mirror;

  @BeforeAll
  static void mirrorOnce() throws Exception {
    universe = Universe.generate(21, 25);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      mirror = new MirrorFixture(tmp.resolve("m"), fake, "[serve]\naccess-log = " + tmp.resolve("access.log"));
      Processes.assertOk(mirror.run("mirror"));
    }
  }

  @Test
  void pipInstallsWithItsDefaultJsonPreferenceAndUsesCoreMetadataFiles() throws Exception {
    try (ServeProcess serve = ServeProcess.start(mirror, tmp.resolve("serve-pip.log"))) {
      MirrorCommandTest.assertPipInstallsTheChain(serve.url("/simple/"), tmp.resolve("site-json"));
    }
    String access = Files.readString(tmp.resolve("access.log"));
    assertThat(access).containsPattern("\"GET /simple/jubjub-app/ HTTP/1.1\" 200 \\d+ \"-?\" \"pip/");
    assertThat(access).contains(".whl.metadata HTTP/1.1\" 200");
  }

  @Test
  void pipInstallsFromAnHtmlOnlyMirror(@TempDir Path own) throws Exception {
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture html = new MirrorFixture(own.resolve("m"), fake, "simple-format = HTML");
      Processes.assertOk(html.run("mirror"));
      assertThat(html.web().resolve("simple/jubjub-app/index.v1_json")).doesNotExist();
      try (ServeProcess serve = ServeProcess.start(html, own.resolve("serve.log"))) {
        Curl.Reply page = Curl.get(own, serve.url("/simple/jubjub-app/"),
            "-H", "Accept: application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01");
        assertThat(page.header("content-type")).startsWith("application/vnd.pypi.simple.v1+html");
        MirrorCommandTest.assertPipInstallsTheChain(serve.url("/simple/"), own.resolve("site-html"));
      }
    }
  }

  @Test
  void negotiatesRedirectsAndAnswersConditionalAndRangeRequests() throws Exception {
    UpstreamFile wheel = universe.require("jubjub-base").files().getFirst();
    try (ServeProcess serve = ServeProcess.start(mirror, tmp.resolve("serve-curl.log"))) {
      Curl.Reply json = Curl.get(tmp, serve.url("/simple/jubjub-base/"), "-H", "Accept: application/vnd.pypi.simple.v1+json");
      assertThat(json.status()).isEqualTo(200);
      assertThat(json.header("content-type")).isEqualTo("application/vnd.pypi.simple.v1+json");
      assertThat(json.header("vary")).contains("Accept");
      assertThat(json.body()).contains("\"name\": \"jubjub-base\"");
      Curl.Reply html = Curl.get(tmp, serve.url("/simple/jubjub-base/"), "-H", "Accept: text/html");
      assertThat(html.header("content-type")).startsWith("text/html");
      assertThat(html.body()).contains("<h1>Links for jubjub-base</h1>");
      assertThat(Curl.get(tmp, serve.url("/simple/jubjub-base/"), "-H", "Accept: application/xml").status()).isEqualTo(406);
      assertThat(Curl.get(tmp, serve.url("/simple/"), "-H", "Accept: application/vnd.pypi.simple.v1+json").body())
          .contains("{\"name\": \"jubjub-base\", \"_last-serial\": " + universe.require("jubjub-base").lastSerial() + "}");

      Curl.Reply moved = Curl.get(tmp, serve.url("/simple/Foo.Bar_baz/"));
      assertThat(moved.status()).isEqualTo(301);
      assertThat(moved.header("location")).endsWith("/simple/foo-bar-baz/");

      String etag = html.header("etag");
      assertThat(Curl.get(tmp, serve.url("/simple/jubjub-base/"), "-H", "Accept: text/html", "-H", "If-None-Match: " + etag).status())
          .isEqualTo(304);
      String fileUrl = serve.url("/" + wheel.urlPath());
      Curl.Reply file = Curl.get(tmp, fileUrl);
      assertThat(file.status()).isEqualTo(200);
      assertThat(file.header("content-length")).isEqualTo(Long.toString(wheel.size()));
      assertThat(file.header("last-modified")).isNotNull();
      assertThat(Curl.get(tmp, fileUrl, "-H", "If-None-Match: " + file.header("etag")).status()).isEqualTo(304);
      Curl.Reply range = Curl.get(tmp, fileUrl, "-H", "Range: bytes=10-19");
      assertThat(range.status()).isEqualTo(206);
      assertThat(range.header("content-range")).isEqualTo("bytes 10-19/" + wheel.size());
      assertThat(range.body().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
          .isEqualTo(java.util.Arrays.copyOfRange(wheel.content(), 10, 20));
      Curl.Reply head = Curl.get(tmp, fileUrl, "-I");
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo(Long.toString(wheel.size()));

      // Hostile or odd requests get clear 4xx answers, never a 500.
      for (String accept : new String[] {";", ",", ";;,;", "/", "*/*;q=", "a/b;q=NaN"}) {
        assertThat(Curl.get(tmp, serve.url("/simple/jubjub-base/"), "-H", "Accept: " + accept).status())
            .as("Accept: %s", accept).isIn(200, 406);
      }
      Curl.Reply post = Curl.get(tmp, serve.url("/simple/"), "-X", "POST");
      assertThat(post.status()).isEqualTo(405);
      assertThat(post.header("allow")).isEqualTo("GET, HEAD");
      assertThat(Curl.get(tmp, serve.url("/pypi/jubjub-base/json"), "-H", "Host: evil.example/\"<x>").status())
          .isEqualTo(400);
      Curl.Reply api = Curl.get(tmp, serve.url("/pypi/jubjub-base/json"), "-H", "Host: mirror.example:8080");
      assertThat(api.status()).isEqualTo(200);
      assertThat(api.body()).contains("\"url\":\"http://mirror.example:8080/packages/");
    }
  }

  @Test
  void nothingOutsideWebIsEverServed() throws Exception {
    Path outside = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET");
    Path link = mirror.web().resolve("packages/evil.txt");
    Files.createSymbolicLink(link, outside);
    Path outsideDir = Files.createDirectories(tmp.resolve("outside-project"));
    Files.writeString(outsideDir.resolve("index.html"), "TOP-SECRET");
    Path dirLink = mirror.web().resolve("simple/evil-dir");
    Files.createSymbolicLink(dirLink, outsideDir);
    try (ServeProcess serve = ServeProcess.start(mirror, tmp.resolve("serve-traversal.log"))) {
      for (String path : new String[] {
          "/packages/evil.txt", "/packages/../status", "/simple/../status",
          "/packages/%2e%2e/status", "/packages/..%2fstatus", "/packages/%2e%2e%2f%2e%2e%2fsecret.txt",
          "/status", "/generation", "/.lock", "/json/jubjub-base", "/packages/", "/web/simple/",
          "/.jubjub-tmp/", "/pypi/..%2f..%2fstatus/json", "/local-stats/days/", "/simple/evil-dir/"}) {
        assertRefused(serve, path, 404);
      }
      // Not HTTP at all (a backslash, NUL) or climbing above the root: Jetty's parser answers 400.
      for (String path : new String[] {"/packages/..\\status", "/packages/%00", "/packages/%2e%2e/%2e%2e/secret.txt",
          "/packages/../../secret.txt"}) {
        assertRefused(serve, path, 400);
      }
    } finally {
      Files.delete(link);
      Files.delete(dirLink);
    }
  }

  private static void assertRefused(ServeProcess serve, String path, int status) throws Exception {
    Curl.Reply r = Curl.get(tmp, serve.url(path));
    assertThat(r.status()).as(path).isEqualTo(status);
    assertThat(r.body()).as(path).doesNotContain("TOP-SECRET").doesNotContain("<a href");
  }

  @Test
  void jsonApiPointsAtThisServerAndHealthAndMetricsReport() throws Exception {
    try (ServeProcess serve = ServeProcess.start(mirror, tmp.resolve("serve-json.log"))) {
      Curl.Reply project = Curl.get(tmp, serve.url("/pypi/Jubjub_Base/json"));
      assertThat(project.status()).isEqualTo(200);
      assertThat(project.header("x-pypi-last-serial")).isEqualTo(Long.toString(universe.require("jubjub-base").lastSerial()));
      assertThat(project.body()).contains("\"url\":\"" + serve.url("/packages/")).doesNotContain("127.0.0.1:" + 0);
      Curl.Reply release = Curl.get(tmp, serve.url("/pypi/jubjub-base/1.0.0/json"));
      assertThat(release.status()).isEqualTo(200);
      assertThat(release.body()).contains("\"version\":\"1.0.0\"", "jubjub_base-1.0.0").doesNotContain("jubjub_base-1.1.0");
      assertThat(Curl.get(tmp, serve.url("/pypi/jubjub-base/9.9/json")).status()).isEqualTo(404);
      assertThat(Curl.get(tmp, serve.url("/pypi/no-such-project/json")).status()).isEqualTo(404);
      Curl.Reply gz = Curl.get(tmp, serve.url("/pypi/jubjub-base/json"), "-H", "Accept-Encoding: gzip");
      assertThat(gz.header("content-encoding")).isEqualTo("gzip");

      Curl.Reply health = Curl.get(tmp, serve.url("/health"));
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body()).contains("\"serial\": " + universe.serial());
      Curl.Reply metrics = Curl.get(tmp, serve.url("/metrics"));
      assertThat(metrics.body())
          .contains("jubjub_http_requests_total{route=\"json_api\",status=\"200\"}")
          .contains("jubjub_http_requests_total{route=\"json_api\",status=\"404\"}")
          .contains("jubjub_http_sent_bytes_total{route=\"json_api\"}")
          .contains("jubjub_http_request_duration_seconds_bucket{le=\"+Inf\"}");
    }
  }

  @Test
  void hangUpReopensTheAccessLogMovedAwayAndTheServerGoesOn(@TempDir Path own) throws Exception {
    Path log = own.resolve("logs/access.log");
    Path rotated = own.resolve("logs/access.log.1");
    Path conf = Files.writeString(own.resolve("hup.conf"), Files.readString(mirror.config)
        .replace("access-log = " + tmp.resolve("access.log"), "access-log = " + log));
    try (ServeProcess serve = ServeProcess.start(own, conf, own.resolve("serve.log"))) {
      assertThat(Curl.get(own, serve.url("/simple/?before-rotation")).status()).isEqualTo(200);
      awaitLine(log, "/simple/?before-rotation");
      Files.move(log, rotated); // logrotate's default: rename, then create anew on the signal
      assertThat(Curl.get(own, serve.url("/simple/?between")).status()).isEqualTo(200);
      awaitLine(rotated, "/simple/?between"); // still the open file, as with any daemon until the signal

      serve.hangUp();
      long until = System.nanoTime() + 10_000_000_000L;
      while (!Files.exists(log) && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(log).as("opened again at its path; serve said:%n%s", Files.readString(own.resolve("serve.log")))
          .exists();
      assertThat(Curl.get(own, serve.url("/simple/?after-rotation")).status()).isEqualTo(200);
      awaitLine(log, "/simple/?after-rotation");
      assertThat(serve.alive()).as("SIGHUP does not stop the server").isTrue();
      assertThat(Curl.get(own, serve.url("/health")).status()).isEqualTo(200);
      assertThat(Files.readString(rotated)).contains("before-rotation", "between").doesNotContain("after-rotation");
      assertThat(Files.readString(log)).doesNotContain("before-rotation").doesNotContain("between");
      assertThat(serve.stop()).isIn(0, 143);
    }
    assertThat(Files.readString(own.resolve("serve.log"))).contains("reopened the access log " + log);
  }

  /** The access log line of a request is written as it completes, which may be just after curl has its answer. */
  private static void awaitLine(Path log, String request) throws Exception {
    long until = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < until) {
      if (Files.exists(log) && Files.readString(log).contains("GET " + request + " ")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(log + " has no line for " + request + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
  }

  @Test
  void mirrorEverySyncsAnEmptyMirrorAtStartThenFollowsUpstreamAndSharesTheLock(@TempDir Path own) throws Exception {
    Universe small = Universe.generate(91, 3);
    try (FakePyPI fake = FakePyPI.start(small)) {
      MirrorFixture m = new MirrorFixture(own.resolve("m"), fake, "");
      try (ServeProcess serve = ServeProcess.start(m.home, m.config, own.resolve("serve.log"), "--mirror-every", "2s")) {
        // /health reads the run's report at most every 5 s: the serial shows within that.
        awaitReply(own, serve.url("/health"), r -> r.status() == 200 && r.body().contains("\"serial\": " + small.serial()));
        assertThat(Curl.get(own, serve.url("/simple/jubjub-base/")).body()).doesNotContain("9.0");

        small.addRelease("jubjub-base", "9.0");
        awaitReply(own, serve.url("/simple/jubjub-base/"), r -> r.body().contains("jubjub_base-9.0"));

        // A cron job beside it: never two runs at once, whichever holds the lock.
        Processes.Result manual = m.run("mirror");
        assertThat(manual.exitCode()).as(manual.stderr()).isIn(0, 3);
        assertThat(serve.alive()).isTrue();
      }
      m.assertEveryLinkResolves();
    }
  }

  /** Polls {@code url} until {@code done} (at most 60 s), as a monitor would. */
  private static Curl.Reply awaitReply(Path tmp, String url, java.util.function.Predicate<Curl.Reply> done)
      throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    Curl.Reply last = null;
    while (System.nanoTime() < deadline) {
      last = Curl.get(tmp, url);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no answer as awaited from " + url + " within 60 s; last: " + last);
  }

  @Test
  void downloadCountsPerProjectAndDaySurviveARestart() throws Exception {
    UpstreamFile wheel = universe.require("jubjub-mid").files().getFirst();
    Path today = mirror.directory.resolve("local-stats/days/" + LocalDate.now(ZoneOffset.UTC));
    long before = count(today, "jubjub-mid"); // other tests of this class may have downloaded it
    for (int run = 1; run <= 2; run++) {
      try (ServeProcess serve = ServeProcess.start(mirror, tmp.resolve("serve-stats-" + run + ".log"))) {
        assertThat(Curl.get(tmp, serve.url("/" + wheel.urlPath())).status()).isEqualTo(200);
        assertThat(Curl.get(tmp, serve.url("/" + wheel.urlPath() + ".metadata")).status()).isIn(200, 404);
        assertThat(serve.stop()).isIn(0, 143);
      }
      assertThat(count(today, "jubjub-mid")).isEqualTo(before + run);
    }
  }

  static long count(Path day, String project) throws java.io.IOException {
    if (!Files.exists(day)) {
      return 0;
    }
    return Files.readAllLines(day).stream()
        .filter(l -> l.startsWith(project + " "))
        .mapToLong(l -> Long.parseLong(l.substring(project.length() + 1)))
        .sum();
  }

  @Test
  void hashIndexTreeIsServedAtTheFlatUrls(@TempDir Path own) throws Exception {
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture hashed = new MirrorFixture(own.resolve("m"), fake, "hash-index = true");
      Processes.assertOk(hashed.run("mirror"));
      try (ServeProcess serve = ServeProcess.start(hashed, own.resolve("serve.log"))) {
        Curl.Reply page = Curl.get(own, serve.url("/simple/jubjub-app/"), "-H", "Accept: text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("jubjub_app-1.1.0-py3-none-any.whl");
        MirrorCommandTest.assertPipInstallsTheChain(serve.url("/simple/"), own.resolve("site"));
      }
    }
  }

  @Test
  void bandersnatchVersionedPagesLinkedInsideTheTreeAreServed(@TempDir Path own) throws Exception {
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(own.resolve("m"), fake, "");
      Processes.assertOk(m.run("mirror"));
      // bandersnatch with keep_index_versions makes index.html a relative symlink into versions/.
      Path dir = m.web().resolve("simple/jubjub-app");
      Path versions = Files.createDirectories(dir.resolve("versions"));
      Files.move(dir.resolve("index.html"), versions.resolve("index_1_2026-01-01T000000Z.html"));
      Files.createSymbolicLink(dir.resolve("index.html"), Path.of("versions/index_1_2026-01-01T000000Z.html"));
      try (ServeProcess serve = ServeProcess.start(m, own.resolve("serve.log"))) {
        Curl.Reply page = Curl.get(own, serve.url("/simple/jubjub-app/"), "-H", "Accept: text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("jubjub_app-1.1.0-py3-none-any.whl");
      }
    }
  }

  @Test
  void aJubjubServerIsTheUpstreamOfAnotherJubjub(@TempDir Path own) throws Exception {
    Universe source = Universe.generate(22, 15);
    try (FakePyPI fake = FakePyPI.start(source)) {
      MirrorFixture first = new MirrorFixture(own.resolve("a"), fake, "");
      Processes.assertOk(first.run("mirror"));
      try (ServeProcess serve = ServeProcess.start(first, own.resolve("serve.log"))) {
        Path conf = own.resolve("b.conf");
        Files.writeString(conf, "[mirror]\ndirectory = " + own.resolve("b") + "\nmaster = "
            + serve.url("") + "\njson = true\n");
        Processes.Result second = Processes.run(Processes.jubjub(own, "mirror", "-c", conf.toString()), own.resolve("logs"), 120);
        Processes.assertOk(second);
        for (UpstreamProject p : source.projects()) {
          for (String page : new String[] {"index.html", "index.v1_json"}) {
            Path rel = Path.of("web/simple", p.normalizedName(), page);
            assertThat(own.resolve("b").resolve(rel)).as(rel.toString())
                .hasSameTextualContentAs(first.directory.resolve(rel));
          }
          for (UpstreamFile f : p.files()) {
            assertThat(TreeSnapshot.sha256(own.resolve("b/web").resolve(f.urlPath()))).isEqualTo(f.sha256());
          }
        }

        source.addRelease("jubjub-base", "1.5.0");
        Processes.assertOk(first.run("mirror"));
        Processes.Result again = Processes.run(Processes.jubjub(own, "mirror", "-c", conf.toString()), own.resolve("logs"), 120);
        Processes.assertOk(again);
        assertThat(again.stdout()).contains("1 synced of 1");
        assertThat(Files.readString(own.resolve("b/web/simple/jubjub-base/index.html"))).contains("jubjub_base-1.5.0");
      }
    }
  }
}

package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.ui.Copies;
import dev.jubjub.ui.SafeHtml;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI's pages through a real server: {@code /} and {@code /project/<name>/}. */
class WebUiTest {
  @TempDir static Path home;
  static Path mirror;
  static MirrorServer server;
  static final HttpClient http = HttpClient.newHttpClient();
  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  @BeforeAll
  static void serve() throws Exception {
    mirror = home.resolve("mirror");
    Copies.writeMirror(mirror, Copies.all());
    // Bytes no JSON encoding reads: Jackson takes them for UCS-4 and fails with a CharConversionException.
    Files.write(mirror.resolve("web/json/nulbytes"), new byte[] {0, 0, (byte) 0xff, (byte) 0xfe, 0, 0, 0, 0});
    Path stats = mirror.resolve("local-stats");
    Copies.writeDay(stats, TODAY.minusDays(2), Map.of("requests", 5L, "hostile", 1L));
    Copies.writeDay(stats, TODAY.minusDays(1), Map.of("requests", 7L, "plain-text-project", 2L));
    Copies.writeDay(stats, TODAY, Map.of("requests", 3L));
    Copies.writeDay(stats, TODAY.minusDays(400), Map.of("plain-text-project", 1000L)); // too old to count
    Instant finished = Instant.now().minus(Duration.ofMinutes(90));
    Files.writeString(mirror.resolve(".jubjub-last-run.json"), """
        {"version": 1, "command": "mirror", "started": "%s", "finished": "%s", "result": "failed", "exit_code": 1,
         "serial": 4242, "upstream_serial": 4250, "projects": {"synced": 3, "removed": 0, "failed": 1},
         "files": {"downloaded": 5, "removed": 0}, "bytes": {"downloaded": 1234},
         "failures": [{"project": "evil", "reason": "project evil: <script>alert('failure')</script>"}],
         "last_success": "%s"}
        """.formatted(finished.minusSeconds(60), finished, finished.minus(Duration.ofDays(1))));
    server = new MirrorServer(new ServeOptions(FileSystemStorage.forReading(mirror), "127.0.0.1", 0, false,
        Optional.empty(), Optional.empty(), Optional.of(stats), false, true, Optional.empty()));
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertPageHeaders(HttpResponse<String> page) {
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "form-action 'self'").doesNotContain("script-src");
    assertThat(page.body()).doesNotContainPattern("(src|href)=\"(https?:)?//127|<link rel=\"stylesheet");
    SafeHtml.check(page.body());
  }

  @Test
  void theHomePageShowsTheSearchBoxTheMirrorsStateAndTheMostDownloaded() throws Exception {
    HttpResponse<String> page = get("/", "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(page.statusCode()).isEqualTo(200);
    assertPageHeaders(page);
    String html = page.body();
    assertThat(html).contains("<form action=\"/search\" method=\"get\" role=\"search\">",
        "<tr><th>Serial</th><td>4242</td></tr>", "(1 d 1 h ago)", "mirror, finished ", "(1 h 30 min ago): failed",
        "<tr><th>Failures of the last run</th><td>1 project</td></tr>",
        "project evil: &lt;script&gt;alert(&#x27;failure&#x27;)&lt;/script&gt;");
    // requests 5 + 7 + 3 (and one more when another test has downloaded a file), then
    // plain-text-project's 2 (its 1000 are older than 30 days), then hostile's 1.
    assertThat(html).containsPattern("<a href=\"/project/requests/\">requests</a> <span class=\"count\">1[56] downloads");
    assertThat(html).containsSubsequence("<a href=\"/project/requests/\">requests</a>",
        "<a href=\"/project/plain-text-project/\">plain-text-project</a> <span class=\"count\">2 downloads",
        "<a href=\"/project/hostile/\">hostile</a> <span class=\"count\">1 download<");
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!html.contains("<tr><th>Projects</th><td>3</td></tr>") && System.nanoTime() < until) {
      Thread.sleep(50); // the census counts in the background
      html = get("/", null).body();
    }
    assertThat(html).contains("<tr><th>Projects</th><td>3</td></tr>", "<tr><th>Files</th><td>7</td></tr>");
  }

  @Test
  void aPep691ClientAskingForTheRootStillGetsTheIndex() throws Exception {
    for (String accept : new String[] {"application/vnd.pypi.simple.v1+json",
        "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01",
        "application/vnd.pypi.simple.v1+html"}) {
      HttpResponse<String> moved = get("/", accept);
      assertThat(moved.statusCode()).as(accept).isEqualTo(301);
      assertThat(moved.headers().firstValue("Location").orElseThrow()).endsWith("/simple/");
    }
    assertThat(get("/", "*/*").statusCode()).isEqualTo(200);
    assertThat(get("/", "text/html").statusCode()).isEqualTo(200);
    assertThat(get("/simple", null).statusCode()).isEqualTo(301);
  }

  @Test
  void theProjectPageShowsVersionsFilesOnTheMirrorAndTheDownloadChart() throws Exception {
    HttpResponse<String> page = get("/project/requests/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertPageHeaders(page);
    String html = page.body();
    assertThat(html).contains("<h1>requests <span class=\"version\">2.32.3</span></h1>", "<svg class=\"chart\"",
        "data-date=\"" + TODAY.minusDays(2) + "\" data-count=\"5\"", "data-date=\"" + TODAY.minusDays(1)
            + "\" data-count=\"7\"", "yanked: Yanked due to conflicts");
    assertThat(html).containsPattern("data-date=\"" + TODAY + "\" data-count=\"[3-9]\"");
    assertThat(html.indexOf("data-date=\"" + TODAY.minusDays(3) + "\"")).as("the chart begins with the first day counted")
        .isNegative();
    String file = html.replaceAll("(?s).*href=\"(/packages/[^\"]+/requests-2.32.3-py3-none-any.whl)\".*", "$1");
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + file)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    long before = todaysCount(html);
    assertThat(todaysCount(get("/project/requests/", null).body())).as("the download just made").isEqualTo(before + 1);
  }

  private static long todaysCount(String html) {
    var m = java.util.regex.Pattern.compile("data-date=\"" + TODAY + "\" data-count=\"(\\d+)\"").matcher(html);
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void anySpellingOfANameIsSentToTheNormalizedPage() throws Exception {
    for (String path : new String[] {"/project/Requests/", "/project/requests", "/project/REQUESTS", "/project/Plain.Text_Project/"}) {
      HttpResponse<String> moved = get(path, null);
      assertThat(moved.statusCode()).as(path).isEqualTo(301);
      assertThat(moved.headers().firstValue("Location").orElseThrow()).as(path)
          .endsWith(path.toLowerCase().contains("plain") ? "/project/plain-text-project/" : "/project/requests/");
    }
    assertThat(get("/project/", null).headers().firstValue("Location").orElseThrow()).endsWith("/");
  }

  @Test
  void anUnknownProjectIsA404PageThatEchoesNothingUnescaped() throws Exception {
    for (String path : new String[] {"/project/no-such-project/", "/project/requests/extra", "/project/%3Cscript%3E/",
        "/project/a%22%3E%3Cimg%20src=x%3E/"}) {
      HttpResponse<String> page = get(path, null);
      assertThat(page.statusCode()).as(path).isEqualTo(404);
      assertPageHeaders(page);
    }
    assertThat(get("/project/no-such-project/", null).body()).contains("no project named no-such-project");
  }

  @Test
  void aHostileProjectPageHoldsNoMarkupFromUpstream() throws Exception {
    HttpResponse<String> page = get("/project/hostile/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertPageHeaders(page);
    assertThat(page.body()).contains("hostile&lt;script&gt;", "<svg class=\"chart\"");
  }

  @Test
  void aCopyNoEncodingReadsIsAnUnreadableCopyNotAStorageFailure() throws Exception {
    HttpResponse<String> page = get("/project/nulbytes/", "text/html");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("cannot be read");
  }

  @Test
  void anErrorPageLooksLikeTheUiAndCarriesNoMarkupFromTheRequest() throws Exception {
    HttpResponse<String> missing = get("/no/such/%3Cb%3Epage%3C/b%3E", "text/html");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("<h1>404 Not Found</h1>", "nothing at this address", "<form action=\"/search\"",
        "&#183; jubjub").doesNotContain("Powered by", "<b>page");
    SafeHtml.check(missing.body());
    assertThat(get("/no/such/page", "application/json").body()).contains("\"status\":\"404\"");
  }

  @Test
  void onlyGetAndHeadAreAnswered() throws Exception {
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/project/requests/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/project/requests/")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }
}

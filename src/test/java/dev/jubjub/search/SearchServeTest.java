package dev.jubjub.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.serve.MirrorServer;
import dev.jubjub.serve.ServeOptions;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.Storage;
import dev.jubjub.testing.Python;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jubjub serve}'s /search and XML-RPC search, through the JDK's client, python3's and pip. */
class SearchServeTest {
  private static final String SCRIPT = "<script>alert(1)</script>";
  @TempDir static Path home;
  static Path mirror;
  static MirrorServer server;
  static MirrorServer withoutIndex;
  /** Configured with no index directory at all. */
  static MirrorServer unconfigured;
  /** Over an index built before the mirror held any project. */
  static MirrorServer emptyIndex;
  /** The serial the root listing below gives: its highest, a project's above the meta's. */
  static final long LISTING_SERIAL = 80;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void serve() throws Exception {
    mirror = home.resolve("mirror");
    ProjectCopy.of("requests", "Python HTTP for Humans.").withVersion("2.32.3").writeTo(mirror);
    ProjectCopy.of("requests-oauthlib", "OAuthlib authentication support for Requests.").writeTo(mirror);
    for (int i = 0; i < 130; i++) {
      ProjectCopy.of("webkit-" + i, "A web toolkit, number " + i).writeTo(mirror);
    }
    // Hostile strings in every field that is shown: summary, version, description, and a name
    // that is not a valid project name (shown as the file's normalized name instead).
    new ProjectCopy("<script>evil</script>", "6.6" + SCRIPT, "hostile " + SCRIPT + " \u0000\u0007 summary",
        "hostile <img src=x onerror=alert(2)> description", "", List.of(), "", "2024-01-01T00:00:00Z", "")
        .writeTo(mirror);
    Files.move(mirror.resolve("web/json/script-evil-script"), mirror.resolve("web/json/hostile"));
    Files.writeString(mirror.resolve("web/simple/index.v1_json"), "{\"meta\": {\"_last-serial\": 77, \"api-version\":"
        + " \"1.1\"}, \"projects\": [{\"name\": \"requests\", \"_last-serial\": " + LISTING_SERIAL + "},"
        + " {\"name\": \"requests-oauthlib\", \"_last-serial\": 12}]}");
    try (Storage storage = FileSystemStorage.forReading(mirror)) {
      new SearchIndex(home.resolve("search")).rebuild(storage, new IndexProgress(), 2);
    }
    server = start(Optional.of(home.resolve("search")));
    withoutIndex = start(Optional.of(home.resolve("no-index-here")));
    unconfigured = start(Optional.empty());
    Path empty = Files.createDirectories(home.resolve("empty-mirror/web/json"));
    try (Storage storage = FileSystemStorage.forReading(empty.getParent().getParent())) {
      new SearchIndex(home.resolve("empty-search")).rebuild(storage, new IndexProgress(), 2);
    }
    emptyIndex = start(Optional.of(home.resolve("empty-search")));
  }

  private static MirrorServer start(Optional<Path> index) throws Exception {
    MirrorServer s = new MirrorServer(new ServeOptions(FileSystemStorage.forReading(mirror), "127.0.0.1", 0, false,
        Optional.empty(), Optional.empty(), Optional.empty(), false, true, Optional.empty(), index));
    s.start();
    return s;
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    withoutIndex.close();
    unconfigured.close();
    emptyIndex.close();
  }

  private static HttpResponse<String> get(MirrorServer s, String pathAndQuery, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + pathAndQuery));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String q(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  @Test
  void theResultsPageMarksMatchesPagesAndLoadsNothingFromElsewhere() throws Exception {
    HttpResponse<String> page = get(server, "/search?q=web+toolkit&page=2", null);
    HttpResponse<String> deeper = get(server, "/search?q=web+toolkit&page=6", null);
    assertThat(deeper.body()).contains("aria-current=\"page\">6<", "<ol class=\"results\" start=\"101\">");
    assertThat(deeper.body().split("<li>", -1)).hasSize(21);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
    String html = page.body();
    assertThat(html).containsPattern("1[0-3]0\\+ projects for “web toolkit”");
    assertThat(html).contains("<ol class=\"results\" start=\"21\">",
        "<mark>toolkit</mark>", "href=\"/search?q=web+toolkit&amp;page=1\"", "aria-current=\"page\">2<",
        "href=\"/search?q=web+toolkit&amp;page=6\"", "rel=\"next\"");
    assertThat(html.split("<li>", -1)).hasSize(21);
    assertThat(html).doesNotContain("<script", "http://", "https://", "<link rel=\"stylesheet", " src=");

    String first = get(server, "/search?q=" + q("Requests"), null).body();
    assertThat(first.indexOf("href=\"/project/requests/\"")).isPositive()
        .isLessThan(first.indexOf("href=\"/project/requests-oauthlib/\""));
    assertThat(first).contains("<mark>requests</mark></a> <span class=\"version\">2.32.3</span>",
        "released 2024-05-06", "href=\"/pypi/requests/json\"");

    assertThat(get(server, "/search", null).body()).contains("<form action=\"/search\"").doesNotContain("<ol");
    assertThat(get(server, "/search?q=x&page=zero", null).statusCode()).isEqualTo(400);
    // Pages past the last, as far as a number reaches: empty, never an overflow.
    for (String far : List.of("51", "200000000", "2147483647", "99999999999")) {
      HttpResponse<String> past = get(server, "/search?q=web+toolkit&page=" + far, null);
      assertThat(past.statusCode()).as(far).isEqualTo(200);
      assertThat(past.body()).as(far).doesNotContain("<li>");
      assertThat(get(server, "/search?q=web&format=json&page=" + far, null).statusCode()).as(far).isEqualTo(200);
    }
  }

  @Test
  void theSameResultsAsJsonWhenAskedFor() throws Exception {
    for (HttpResponse<String> r : List.of(get(server, "/search?q=requests&format=json", null),
        get(server, "/search?q=requests", "application/json"),
        get(server, "/search?q=requests", "text/html;q=0.5, application/json"))) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode json = JsonApiParser.MAPPER.readTree(r.body());
      assertThat(json.path("total").asInt()).isEqualTo(2);
      JsonNode top = json.path("results").get(0);
      assertThat(top.path("name").asText()).isEqualTo("requests");
      assertThat(top.path("version").asText()).isEqualTo("2.32.3");
      assertThat(top.path("summary").asText()).isEqualTo("Python HTTP for Humans.");
      assertThat(top.path("upload_time").asText()).isEqualTo("2024-05-06T07:08:09Z");
      assertThat(top.path("highlights").path("name").get(0).path("match").asBoolean()).isTrue();
    }
    assertThat(get(server, "/search?q=requests", "text/html, */*").headers().firstValue("Content-Type"))
        .hasValue("text/html; charset=utf-8");
  }

  @Test
  void upstreamStringsAndTheQueryCannotInjectMarkup() throws Exception {
    for (String query : List.of("hostile", "description", "hostile " + SCRIPT, "\"><img src=x onerror=alert(3)>")) {
      String html = get(server, "/search?q=" + q(query), null).body();
      assertThat(html).as(query).doesNotContain("<script", "<img", "\u0000", "\u0007");
    }
    String html = get(server, "/search?q=hostile", null).body();
    assertThat(html).contains("href=\"/project/hostile/\"", "href=\"/simple/hostile/\"", "6.6&lt;script&gt;alert(1)&lt;/script&gt;",
        "<mark>hostile</mark> &lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(get(server, "/search?q=description", null).body())
        .contains("hostile &lt;img src=x onerror=alert(2)&gt; <mark>description</mark>");
    JsonNode json = JsonApiParser.MAPPER.readTree(get(server, "/search?q=hostile&format=json", null).body());
    assertThat(json.path("results").get(0).path("summary").asText()).isEqualTo("hostile " + SCRIPT + "  summary");
  }

  @Test
  void withoutAnIndexSearchSays503AndWhatToRun() throws Exception {
    HttpResponse<String> html = get(withoutIndex, "/search?q=requests", null);
    assertThat(html.statusCode()).isEqualTo(503);
    assertThat(html.body()).contains("run jubjub index");
    HttpResponse<String> json = get(withoutIndex, "/search?q=requests&format=json", null);
    assertThat(json.statusCode()).isEqualTo(503);
    assertThat(JsonApiParser.MAPPER.readTree(json.body()).path("error").asText()).contains("run jubjub index");
    Python.Result pip = xmlrpc(withoutIndex, "requests");
    assertThat(pip.output()).contains("Fault -32500", "run jubjub index");
    for (MirrorServer s : List.of(withoutIndex, unconfigured)) {
      HttpResponse<String> box = get(s, "/search", null);
      assertThat(box.statusCode()).isEqualTo(503);
      assertThat(box.body()).contains("<p class=\"notice\">search is not available", "jubjub index",
          "<form action=\"/search\"");
    }
    assertThat(get(withoutIndex, "/search", null).body()).contains("has not been built yet");
  }

  @Test
  void anEmptyIndexIsSaidToBeEmptyAndHowToBuildIt() throws Exception {
    for (String query : List.of("", "?q=requests")) {
      HttpResponse<String> html = get(emptyIndex, "/search" + query, null);
      assertThat(html.statusCode()).isEqualTo(503);
      assertThat(html.body()).contains("the search index holds no project", "json = true", "run jubjub index").doesNotContain("<ol");
      HttpResponse<String> json = get(emptyIndex, "/search" + query, "application/json");
      assertThat(json.statusCode()).isEqualTo(503);
      assertThat(JsonApiParser.MAPPER.readTree(json.body()).path("error").asText())
          .contains("the search index holds no project", "json = true", "run jubjub index");
    }
    String call = "<?xml version='1.0'?><methodCall><methodName>search</methodName><params><param><value><struct>"
        + "<member><name>name</name><value><array><data><value><string>requests</string></value></data></array>"
        + "</value></member></struct></value></param><param><value><string>or</string></value></param></params>"
        + "</methodCall>";
    assertThat(post(emptyIndex, "/pypi", "text/xml", call).body())
        .contains("<fault>", "the search index holds no project", "run jubjub index");
  }

  @Test
  void withoutAnIndexOnlySearchIsAFaultTheSerialIsStillAnswered() throws Exception {
    for (MirrorServer s : List.of(withoutIndex, unconfigured)) {
      Python.Result r = xmlrpc(s, "requests", "method:changelog_last_serial", "method:list_packages");
      List<String> lines = r.output().lines().toList();
      assertThat(lines.get(0)).startsWith("Fault -32500").contains("jubjub index");
      assertThat(lines.get(1)).isEqualTo(Long.toString(LISTING_SERIAL));
      assertThat(lines.get(2)).startsWith("Fault -32601 method 'list_packages' is not supported");
    }
  }

  @Test
  void changelogLastSerialIsTheSerialTheListingReports() throws Exception {
    HttpResponse<String> listing = get(unconfigured, "/simple/", "application/vnd.pypi.simple.v1+json");
    assertThat(listing.headers().firstValue("X-PyPI-Last-Serial")).hasValue(Long.toString(LISTING_SERIAL));
    assertThat(get(unconfigured, "/simple/", "text/html").headers().firstValue("X-PyPI-Last-Serial"))
        .hasValue(Long.toString(LISTING_SERIAL));
    assertThat(post(unconfigured, "/pypi", "text/xml", CHANGELOG_LAST_SERIAL).body())
        .contains("<value><int>" + LISTING_SERIAL + "</int></value>").doesNotContain("fault");
  }

  private static final String CHANGELOG_LAST_SERIAL =
      "<?xml version='1.0'?><methodCall><methodName>changelog_last_serial</methodName><params></params></methodCall>";

  private static HttpResponse<String> post(MirrorServer s, String path, String type, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** python3's own XML-RPC client: search, print each hit, or the fault. */
  private static Python.Result xmlrpc(MirrorServer s, String... calls) throws Exception {
    String script = """
        import sys, xmlrpc.client
        proxy = xmlrpc.client.ServerProxy(sys.argv[1])
        for q in sys.argv[2:]:
            try:
                if q.startswith('method:'):
                    print(getattr(proxy, q[7:])())
                    continue
                for hit in proxy.search({'name': q, 'summary': q}, 'or'):
                    print(hit['name'], hit['version'], repr(hit['summary']), hit['_pypi_ordering'])
            except xmlrpc.client.Fault as f:
                print('Fault', f.faultCode, f.faultString)
        """;
    String[] args = new String[calls.length + 3];
    args[0] = "-c";
    args[1] = script;
    args[2] = "http://127.0.0.1:" + s.port() + "/pypi";
    System.arraycopy(calls, 0, args, 3, calls.length);
    return Python.run(home, args);
  }

  @Test
  void pythonsXmlRpcClientSearchesAndGetsFaultsForTheRest() throws Exception {
    Python.Result r = xmlrpc(server, "requests", "hostile", "method:list_packages", "method:changelog_last_serial");
    assertThat(r.exitCode()).as(r.output()).isZero();
    List<String> lines = r.output().lines().toList();
    assertThat(lines.get(0)).isEqualTo("requests 2.32.3 'Python HTTP for Humans.' False");
    assertThat(lines.get(1)).startsWith("requests-oauthlib 1.0 ");
    assertThat(lines.get(2)).isEqualTo("hostile 6.6" + SCRIPT + " 'hostile " + SCRIPT + "  summary' False");
    assertThat(lines.get(3)).startsWith("Fault -32601 method 'list_packages' is not supported");
    assertThat(lines.get(4)).isEqualTo(Long.toString(LISTING_SERIAL));
  }

  @Test
  void requestsThatAreNotXmlRpcGetAFaultNotAnHtmlError() throws Exception {
    for (String path : List.of("/pypi", "/pypi/")) {
      HttpResponse<String> r = get(server, path, null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("<fault>", "XML-RPC takes a POST");
    }
    HttpResponse<String> junk = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/pypi"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"not\": \"xml\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(junk.statusCode()).isEqualTo(200);
    assertThat(junk.body()).contains("<int>-32700</int>", "malformed XML-RPC request");
    assertThat(get(server, "/pypi/requests/json", null).statusCode()).isEqualTo(200);
  }

  @Test
  void xmlRpcIsAnsweredWherePipMayPostAndOtherPostsKeepTheirAnswer() throws Exception {
    String xml = "<?xml version='1.0'?><methodCall><methodName>no_such_method</methodName></methodCall>";
    for (String path : List.of("/", "/pypi", "/pypi/", "/RPC2", "/simple/", "/simple")) {
      for (String type : java.util.Arrays.asList("text/xml", null)) {
        HttpResponse<String> r = post(server, path, type, xml);
        assertThat(r.statusCode()).as(path + " " + type).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
        assertThat(r.body()).contains("<int>-32601</int>", "method 'no_such_method' is not supported");
      }
    }
    assertThat(post(server, "/", "text/xml", "not a call").body()).contains("<int>-32700</int>");
    String big = "<?xml version='1.0'?><methodCall><methodName>" + "x".repeat(XmlRpcSearch.MAX_REQUEST_BYTES)
        + "</methodName></methodCall>";
    assertThat(post(server, "/RPC2", null, big).body()).contains("<int>-32700</int>", "request too large");
    // Answered before the client has sent it all: the answer must still arrive, every time (a
    // server that closed on the unread rest had the client's kernel reset the connection).
    for (int i = 0; i < 20; i++) {
      assertThat(post(server, "/", "application/octet-stream", "x".repeat(2 * XmlRpcSearch.MAX_REQUEST_BYTES))
          .statusCode()).isEqualTo(405);
      assertThat(post(server, "/RPC2", "text/xml", big + "x".repeat(XmlRpcSearch.MAX_REQUEST_BYTES)).body())
          .contains("request too large");
    }
    // Announced past what is read and dropped: answered at once, without "100 Continue", and the
    // answer says the connection closes, as it does.
    HttpResponse<String> huge = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/RPC2"))
        .expectContinue(true).header("Content-Type", "text/xml")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 << 20])).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(huge.body()).contains("request too large");
    assertThat(huge.headers().firstValue("Connection")).hasValue("close");
    HttpResponse<String> form = post(server, "/", "application/x-www-form-urlencoded", "q=requests");
    assertThat(form.statusCode()).isEqualTo(405);
    assertThat(form.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(post(server, "/simple/", "application/x-www-form-urlencoded", "q=requests").statusCode()).isEqualTo(405);
    HttpResponse<String> index = get(server, "/simple/", null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).startsWith("<!DOCTYPE html>");
    for (String path : List.of("/simple/requests/", "/project/requests/", "/search", "/pypi/requests/json")) {
      assertThat(post(server, path, "text/xml", xml).statusCode()).as(path).isEqualTo(405);
    }
    assertThat(get(server, "/", null).body()).contains("<form action=\"/search\"");
  }

  @Test
  void clientsTricklingXmlRpcBodiesHoldNoThreadAndPagesStillAnswer() throws Exception {
    // More than the server has threads (200): a blocking read of each body took them all.
    List<java.net.Socket> slow = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 250; i++) {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
        socket.getOutputStream().write(("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
            + "Content-Length: 60000\r\n\r\n<?xml").getBytes(StandardCharsets.US_ASCII));
        slow.add(socket);
      }
      for (java.net.Socket socket : slow) {
        socket.getOutputStream().write('a');
      }
      HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/search?q=requests")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
    } finally {
      for (java.net.Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void pipSearchWorksAgainstTheMirror() throws Exception {
    Python.Result help = Python.run(home, "-m", "pip", "search", "--help");
    org.junit.jupiter.api.Assumptions.assumeTrue(help.exitCode() == 0, "this pip has no search command");
    for (String path : List.of("/pypi", "/", "/simple/")) {
      String index = "http://127.0.0.1:" + server.port() + path;
      Python.Result r = Python.run(home, "-m", "pip", "--no-cache-dir", "--isolated", "search", "--index", index,
          "requests");
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.output()).contains("requests (2.32.3)", "Python HTTP for Humans.", "requests-oauthlib (1.0)");
      assertThat(r.output().indexOf("requests (2.32.3)")).isLessThan(r.output().indexOf("requests-oauthlib"));
    }
    // A word of the summary only, through the index URL without /pypi.
    Python.Result bySummary = Python.run(home, "-m", "pip", "--no-cache-dir", "--isolated", "search", "--index",
        "http://127.0.0.1:" + server.port() + "/", "humans");
    assertThat(bySummary.exitCode()).as(bySummary.output()).isZero();
    assertThat(bySummary.output()).contains("requests (2.32.3)", "Python HTTP for Humans.");

    for (String path : List.of("/pypi", "/")) {
      Python.Result none = Python.run(home, "-m", "pip", "--no-cache-dir", "--isolated", "search", "--index",
          "http://127.0.0.1:" + withoutIndex.port() + path, "requests");
      assertThat(none.exitCode()).isNotZero();
      assertThat(none.output()).contains("XMLRPC request failed", "run jubjub index").doesNotContain("Traceback");
    }
  }
}

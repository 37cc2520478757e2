package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jubjub.pypi.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON API document far larger in memory than on the wire (60 MB of one-letter strings, a tree
 * of about 1 GB) in a process with a 128 MB heap: the project fails, named, and the run goes on;
 * before, the process died of an OutOfMemoryError.
 */
class HugeDocumentTest {
  @TempDir Path tmp;

  @Test
  void aDocumentTooLargeForTheHeapFailsItsProjectAndTheRestIsMirrored() throws Exception {
    byte[] sdist = "not really a tarball, but bytes with a hash".getBytes(StandardCharsets.UTF_8);
    HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
    Map<String, byte[]> routes = Map.of(
        "/simple/", """
            {"meta": {"api-version": "1.1", "_last-serial": 7}, "projects": [
              {"name": "huge", "_last-serial": 6}, {"name": "objects", "_last-serial": 5},
              {"name": "small", "_last-serial": 7}]}
            """.getBytes(StandardCharsets.UTF_8),
        "/pypi/huge/json", hugeDocument("huge", 15_000_000, "\"a\""),
        // Under 4 MB, but a tree of about 170 MB: every document is weighed, not only big ones.
        "/pypi/objects/json", hugeDocument("objects", 1_300_000, "{}"),
        "/pypi/small/json", """
            {"info": {"name": "small", "version": "1.0"}, "last_serial": 7, "releases": {"1.0": [
              {"filename": "small-1.0.tar.gz", "url": "%s/packages/ab/cd/small-1.0.tar.gz",
               "digests": {"sha256": "%s"}, "size": %d, "packagetype": "sdist",
               "upload_time_iso_8601": "2020-01-01T00:00:00.000000Z", "yanked": false}]}}
            """.formatted(base, Sha256.of(sdist), sdist.length)
            .getBytes(StandardCharsets.UTF_8),
        "/packages/ab/cd/small-1.0.tar.gz", sdist);
    upstream.createContext("/", exchange -> answer(exchange, routes));
    upstream.start();
    try {
      Path mirror = tmp.resolve("mirror");
      Path config = tmp.resolve("bandersnatch.conf");
      Files.writeString(config, """
          [mirror]
          directory = %s
          master = %s
          workers = 2
          json = true
          """.formatted(mirror, base));
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"), "dev.jubjub.cli.Main", "mirror", "-c", config.toString()));
      Processes.Result run = Processes.run(new ProcessBuilder(command).directory(tmp.toFile()), tmp.resolve("logs"), 120);

      String output = run.stdout() + run.stderr();
      assertThat(run.exitCode()).as(output).isEqualTo(1);
      assertThat(output).doesNotContain("OutOfMemoryError")
          .contains("project huge")
          .contains("project objects")
          .contains(base + "/pypi/huge/json")
          .contains("JUBJUB_JAVA_OPTS");
      Path web = mirror.resolve("web");
      assertThat(web.resolve("packages/ab/cd/small-1.0.tar.gz")).hasBinaryContent(sdist);
      assertThat(web.resolve("simple/small/index.html")).exists();
      assertThat(web.resolve("simple/huge")).doesNotExist();
      assertThat(web.resolve("simple/objects")).doesNotExist();
      assertThat(Files.readString(mirror.resolve("todo"))).contains("huge");
    } finally {
      upstream.stop(0);
    }
  }

  /** A valid JSON API document whose classifiers are {@code n} copies of {@code item}. */
  private static byte[] hugeDocument(String name, int n, String item) {
    StringBuilder sb = new StringBuilder(n * (item.length() + 1) + 200)
        .append("{\"info\": {\"name\": \"" + name + "\", \"version\": \"1.0\", \"classifiers\": [");
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? "," : "").append(item);
    }
    return sb.append("]}, \"last_serial\": " + (name.equals("huge") ? 6 : 5) + ", \"releases\": {}}")
        .toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void answer(HttpExchange exchange, Map<String, byte[]> routes) throws IOException {
    byte[] body = routes.get(exchange.getRequestURI().getPath());
    String path = exchange.getRequestURI().getPath();
    if (body == null) {
      exchange.sendResponseHeaders(404, -1);
    } else {
      exchange.getResponseHeaders().set("Content-Type", path.equals("/simple/")
          ? "application/vnd.pypi.simple.v1+json" : path.startsWith("/pypi/") ? "application/json" : "application/octet-stream");
      if (path.startsWith("/pypi/")) {
        exchange.getResponseHeaders().set("X-PyPI-Last-Serial",
            path.contains("huge") ? "6" : path.contains("objects") ? "5" : "7");
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }
}

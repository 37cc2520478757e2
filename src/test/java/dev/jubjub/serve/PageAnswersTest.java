package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simple pages as curl gets them: a page answered from memory before the handler chain is the page
 * the storage path answers, header for header, and pages are gzipped once for every client that
 * accepts it, with an ETag of their own.
 */
class PageAnswersTest {
  @TempDir static Path home;
  private static InProcessMirror mirror;

  @BeforeAll
  static void mirror() throws Exception {
    Universe u = Universe.empty();
    u.addProject("jubjub-base");
    for (int i = 0; i < 8; i++) {
      u.addRelease("jubjub-base", "1.0." + i); // a page well above the gzip threshold
    }
    try (FakePyPI fake = FakePyPI.start(u)) {
      mirror = InProcessMirror.of(home, fake, "");
      assertThat(mirror.sync()).isZero();
    }
  }

  private record Reply(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name);
    }

    String text() throws IOException {
      byte[] bytes = "gzip".equals(header("content-encoding"))
          ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body;
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** curl with the headers given ("-H" for each; none of its own Accept-Encoding), body as sent. */
  private static Reply curl(int port, String path, String... headers) throws Exception {
    return curlWith(port, path, List.of(), headers);
  }

  private static Reply curlWith(int port, String path, List<String> options, String... headers) throws Exception {
    Path head = Files.createTempFile(home, "h-", ".txt");
    Path body = Files.createTempFile(home, "b-", ".bin");
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "-D", head.toString(), "-o", body.toString()));
    cmd.addAll(options);
    for (String h : headers) {
      cmd.add("-H");
      cmd.add(h);
    }
    cmd.add("http://127.0.0.1:" + port + path);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("curl.log").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(home.resolve("curl.log"))).isZero();
    Map<String, String> h = new TreeMap<>();
    int status = 0;
    for (String line : Files.readAllLines(head)) {
      if (line.startsWith("HTTP/")) {
        status = Integer.parseInt(line.split(" ")[1]);
      } else if (line.contains(":")) {
        h.merge(line.substring(0, line.indexOf(':')).trim().toLowerCase(), line.substring(line.indexOf(':') + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    return new Reply(status, h, Files.readAllBytes(body));
  }

  private static long answeredFromMemory(int port) throws Exception {
    String metrics = curl(port, "/metrics").text();
    return metrics.lines().filter(l -> l.startsWith("jubjub_http_answered_from_memory_total "))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
  }

  @Test
  void aPageFromMemoryIsThePageFromTheStorage() throws Exception {
    try (MirrorServer server = mirror.serve()) {
      long before = answeredFromMemory(server.port());
      for (String accept : List.of("text/html", "application/vnd.pypi.simple.v1+json", "*/*")) {
        for (String encoding : List.of("identity", "gzip")) {
          // The first answer reads the tree (or gzips the page); the next, within the second,
          // comes from memory.
          Reply first = curl(server.port(), "/simple/jubjub-base/", "Accept: " + accept, "Accept-Encoding: " + encoding);
          Reply again = curl(server.port(), "/simple/jubjub-base/", "Accept: " + accept, "Accept-Encoding: " + encoding);
          assertThat(first.status()).isEqualTo(200);
          assertThat(again.status()).isEqualTo(200);
          Map<String, String> firstHeaders = new TreeMap<>(first.headers());
          Map<String, String> againHeaders = new TreeMap<>(again.headers());
          firstHeaders.remove("date");
          againHeaders.remove("date");
          assertThat(againHeaders).as("%s, %s", accept, encoding).isEqualTo(firstHeaders);
          assertThat(again.body()).isEqualTo(first.body());
          Reply notModified = curl(server.port(), "/simple/jubjub-base/", "Accept: " + accept,
              "Accept-Encoding: " + encoding, "If-None-Match: " + first.header("etag"));
          assertThat(notModified.status()).isEqualTo(304);
        }
      }
      // Taken at all: a machine slow enough to let a second pass between two curls would make
      // some pairs both come from the storage, not all of them.
      assertThat(answeredFromMemory(server.port())).isGreaterThan(before);
      // What memory cannot answer goes to the pool, as before: a 406, a missing project.
      assertThat(curl(server.port(), "/simple/jubjub-base/", "Accept: application/xml").status()).isEqualTo(406);
      assertThat(curl(server.port(), "/simple/jubjub-base/", "Accept: application/xml").status()).isEqualTo(406);
      assertThat(curl(server.port(), "/simple/no-such-project/").status()).isEqualTo(404);
      assertThat(curl(server.port(), "/simple/no-such-project/").status()).isEqualTo(404);
    }
  }

  @Test
  void pagesAreGzippedForClientsThatAcceptItWithAnEtagOfTheirOwn() throws Exception {
    try (MirrorServer server = mirror.serve()) {
      Reply plain = curl(server.port(), "/simple/jubjub-base/", "Accept: text/html");
      Reply gzip = curl(server.port(), "/simple/jubjub-base/", "Accept: text/html", "Accept-Encoding: gzip, deflate");
      assertThat(plain.header("content-encoding")).isNull();
      assertThat(gzip.header("content-encoding")).isEqualTo("gzip");
      assertThat(gzip.text()).isEqualTo(plain.text()).contains("<h1>Links for jubjub-base</h1>");
      assertThat(gzip.body().length).isLessThan(plain.body().length);
      assertThat(gzip.header("content-length")).isEqualTo(Integer.toString(gzip.body().length));
      assertThat(gzip.header("vary")).isEqualTo("Accept, Accept-Encoding");
      assertThat(plain.header("vary")).isEqualTo("Accept, Accept-Encoding");
      assertThat(gzip.header("etag")).isNotEqualTo(plain.header("etag"));
      // An ETag names one representation: the identity one does not match the gzipped answer.
      assertThat(curl(server.port(), "/simple/jubjub-base/", "Accept: text/html", "Accept-Encoding: gzip",
          "If-None-Match: " + plain.header("etag")).status()).isEqualTo(200);

      for (String refused : List.of("gzip;q=0", "gzip;q=NaN", "identity", "br", "*;q=0", "gzip;q=0, *")) {
        Reply r = curl(server.port(), "/simple/jubjub-base/", "Accept: text/html", "Accept-Encoding: " + refused);
        assertThat(r.header("content-encoding")).as(refused).isNull(); // an explicit gzip;q=0 wins over *
        assertThat(r.text()).as(refused).isEqualTo(plain.text());
      }
      for (String accepted : List.of("*", "x-gzip", "GZIP;q=0.5", "br;q=1, gzip;q=0.1", "x-gzip;q=0, gzip")) {
        assertThat(curl(server.port(), "/simple/jubjub-base/", "Accept: text/html", "Accept-Encoding: " + accepted)
            .header("content-encoding")).as(accepted).isEqualTo("gzip");
      }
      Reply head = curlWith(server.port(), "/simple/jubjub-base/", List.of("-I"), "Accept: text/html", "Accept-Encoding: gzip");
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-encoding")).isEqualTo("gzip");
      assertThat(head.header("content-length")).isEqualTo(gzip.header("content-length"));
    }
  }
}

package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jubjub mirrors through nginx (Debian package) as pypi.org is reached: TLS 1.3, HTTP/2 offered,
 * documents gzipped for a client that asks, files as published, linked to the same https host.
 */
class TlsFrontTest {
  @TempDir Path tmp;

  @Test
  void mirrorsThroughATlsFrontWithGzippedDocuments() throws Exception {
    Universe universe = Universe.generate(23, 6);
    try (FakePyPI fake = FakePyPI.start(universe);
        StaticServer front = StaticServer.tlsProxy(fake.baseUri(), tmp.resolve("nginx"))) {
      URI base = URI.create("https://127.0.0.1:" + front.port + "/");
      fake.linkFilesTo(base);
      Path config = Files.writeString(tmp.resolve("b.conf"), "[mirror]\ndirectory = " + tmp.resolve("mirror")
          + "\nmaster = " + base + "\nca-bundle = " + tmp.resolve("nginx/cert.pem") + "\njson = true\nworkers = 3\n");
      Processes.assertOk(Processes.run(Processes.jubjub(tmp, "mirror", "-c", config.toString()), tmp.resolve("logs"), 300));

      try (var files = Files.walk(tmp.resolve("mirror/web/packages"))) {
        assertThat(files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".metadata")).count())
            .isEqualTo(universe.files().size());
      }
      List<String> log = Files.readAllLines(tmp.resolve("nginx/access.log"));
      assertThat(log).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("TLSv1.3 HTTP/1.1 200 ")
          .contains("\"jubjub/"));
      // The listing and the JSON documents travel gzipped; files as published (their sha256 is of those bytes).
      assertThat(log).filteredOn(l -> l.endsWith(" /simple/") || l.matches(".* /pypi/[^/]+/json$"))
          .hasSize(1 + universe.projects().size()).allSatisfy(line -> assertThat(line).contains(" \"gzip\" "));
      assertThat(log).filteredOn(l -> l.contains(" /packages/")).isNotEmpty()
          .allSatisfy(line -> assertThat(line).contains(" \"-\" ")); // nginx logs an absent header as -
    }
  }
}

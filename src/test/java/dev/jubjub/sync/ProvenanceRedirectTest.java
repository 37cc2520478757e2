package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.upstream.Upstream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A provenance URL on upstream that redirects elsewhere (a cloud metadata address) is never followed. */
class ProvenanceRedirectTest {
  @TempDir Path dir;

  @Test
  void aRedirectOffUpstreamIsNotFollowed() throws Exception {
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger hits = new AtomicInteger();
    other.createContext("/", exchange -> {
      hits.incrementAndGet();
      byte[] body = "{\"secret\": \"cloud-credentials\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    other.start();
    try {
      Universe u = Universe.empty();
      u.addProject("jubjub-base");
      u.addRelease("jubjub-base", "1.0.0");
      UpstreamFile wheel = u.require("jubjub-base").files().getFirst();
      u.addProvenance("jubjub-base", wheel.filename(), "{}".getBytes(StandardCharsets.UTF_8), "/prov/evil");
      try (FakePyPI fake = FakePyPI.start(u); Upstream upstream = new Upstream(Local.settings(fake))) {
        fake.injectAlways("^/prov/evil$",
            Fault.redirect("http://127.0.0.1:" + other.getAddress().getPort() + "/latest/meta-data"));
        SyncStats stats = new Mirror(upstream, new FileSystemStorage(dir), Local.options(true)).mirror();
        assertThat(stats.failures()).singleElement().asString().contains("jubjub-base").contains("/prov/evil");
      }
      assertThat(hits.get()).isZero();
      assertThat(dir.resolve("web/" + wheel.urlPath() + ".provenance")).doesNotExist();
    } finally {
      other.stop(0);
    }
  }
}

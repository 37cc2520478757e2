package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.config.S3Config;
import dev.jubjub.store.S3Storage;
import dev.jubjub.store.Storage;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.S3ProxyServer;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.upstream.Upstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A quarantine and its end on an object store: held keys are copies, and they come back without a download. */
class QuarantineS3Test {
  @TempDir Path dir;

  @Test
  void aQuarantineOnS3HoldsCopiesAndGivesThemBack() throws Exception {
    Universe u = Universe.empty();
    u.addProject("jubjub-base");
    u.addRelease("jubjub-base", "1.0.0");
    List<String> files = u.require("jubjub-base").files().stream().map(UpstreamFile::urlPath).toList();
    try (S3ProxyServer s3 = S3ProxyServer.start(dir);
        FakePyPI fake = FakePyPI.start(u);
        Upstream upstream = new Upstream(Local.settings(fake))) {
      s3.createBucket("mirror");
      S3Config config = new S3Config("mirror", "tree", Optional.of("us-east-1"), Optional.of(s3.accessKey()),
          Optional.of(s3.secretKey()), Optional.of(s3.endpoint()), true, Map.of(), Duration.ofSeconds(120), 3);
      try (S3Storage storage = new S3Storage(config)) {
        assertThat(new Mirror(upstream, storage, Local.options(true)).mirror().ok()).isTrue();

        u.setStatus("jubjub-base", "quarantined", "malware");
        assertThat(new Mirror(upstream, storage, Local.options(true)).mirror().ok()).isTrue();
        for (String path : files) {
          assertThat(storage.stat("web/" + path)).isEmpty();
          assertThat(storage.stat(Quarantine.held("web/" + path))).isPresent();
        }
        assertThat(new String(storage.readAllBytes("web/simple/index.v1_json"))).contains("jubjub-base");

        u.setStatus("jubjub-base", "active", null);
        fake.resetRequests();
        assertThat(new Mirror(upstream, storage, Local.options(true)).mirror().ok()).isTrue();
        assertThat(fake.requests("/packages/")).isZero();
        for (String path : files) {
          assertThat(storage.stat("web/" + path)).isPresent();
          assertThat(storage.stat(Quarantine.held("web/" + path))).isEmpty();
        }
        assertThat(storage.list(".jubjub-quarantine/projects")).extracting(Storage.Entry::name).isEmpty();
      }
    }
  }
}

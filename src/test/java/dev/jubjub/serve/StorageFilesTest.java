package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.store.LockHeldException;
import dev.jubjub.store.Storage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Files from a tree that is not a local directory (an object store), streamed by serve: a file far
 * larger than the socket buffers arrives whole while other requests are answered (the handler once
 * ran on Jetty's selector thread and every large download stalled until a timeout).
 */
class StorageFilesTest {
  private static final String PATH = "web/packages/ab/cd/0123/big-1.0-py3-none-any.whl";

  /**
   * One object held in memory, served as an object store serves it: no local root. Its root index
   * is only ever looked at (a server waits for one before it serves a tree).
   */
  private record OneObject(byte[] bytes, String sha256) implements Storage {
    @Override
    public Optional<FileInfo> stat(String path) {
      if (path.equals("web/simple/index.html")) {
        return Optional.of(new FileInfo(0, Instant.parse("2026-01-02T03:04:05Z")));
      }
      return path.equals(PATH) ? Optional.of(new FileInfo(bytes.length, Instant.parse("2026-01-02T03:04:05Z"), sha256))
          : Optional.empty();
    }

    @Override
    public InputStream open(String path) throws IOException {
      return open(path, 0, bytes.length);
    }

    @Override
    public InputStream open(String path, long offset, long length) throws IOException {
      if (!path.equals(PATH)) {
        throw new NoSuchFileException(path);
      }
      int from = (int) Math.min(offset, bytes.length);
      return new ByteArrayInputStream(bytes, from, (int) Math.min(length, bytes.length - from));
    }

    @Override public PendingFile create(String path, Attributes attributes) { throw new UnsupportedOperationException(); }
    @Override public void sync() {}
    @Override public boolean delete(String path) { throw new UnsupportedOperationException(); }
    @Override public List<Entry> list(String directory) { return List.of(); }
    @Override public Lock lock() throws LockHeldException { throw new LockHeldException("read only"); }
    @Override public String describe(String path) { return "memory:" + path; }
  }

  @Test
  void aLargeFileArrivesWholeWhileTheNodeAnswersOthers() throws Exception {
    byte[] bytes = new byte[48 << 20];
    new Random(7).nextBytes(bytes);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    try (MirrorServer server = new MirrorServer(ServeOptions.onLoopback(new OneObject(bytes, sha256), false))) {
      server.start();
      String base = "http://127.0.0.1:" + server.port();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/" + PATH.substring("web/".length())))
          .timeout(Duration.ofSeconds(20)).build();
      // A client that reads slowly at first, so the server's writes block on a full socket.
      CompletableFuture<HttpResponse<InputStream>> download = client.sendAsync(get, HttpResponse.BodyHandlers.ofInputStream());
      HttpResponse<InputStream> response = download.get();
      assertThat(response.statusCode()).isEqualTo(200);
      Thread.sleep(500);
      long started = System.nanoTime();
      HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as("answered during the download").isIn(200, 503);
      assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(5).toNanos());
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      long total = 0;
      try (InputStream in = response.body()) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; total += n) {
          digest.update(buffer, 0, n);
        }
      }
      assertThat(total).isEqualTo(bytes.length);
      assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha256);
      assertThat(response.headers().firstValue("ETag")).contains("\"" + sha256 + "\"");
    }
  }
}

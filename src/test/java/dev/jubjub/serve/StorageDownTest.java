package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.store.LockHeldException;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A serving node whose object store is down answers 503 at once, never a 500 page with a trace. */
class StorageDownTest {
  /** An object store that refuses every request, as one that is unreachable does after its retries. */
  private static final class Down implements Storage {
    private static IOException down(String path) {
      return new IOException("s3://mirror/" + path + ": Unable to execute HTTP request: Connection refused");
    }

    @Override public Optional<FileInfo> stat(String path) throws IOException { throw down(path); }
    @Override public InputStream open(String path) throws IOException { throw down(path); }
    @Override public InputStream open(String path, long offset, long length) throws IOException { throw down(path); }
    @Override public PendingFile create(String path, Attributes attributes) throws IOException { throw down(path); }
    @Override public void sync() {}
    @Override public boolean delete(String path) throws IOException { throw down(path); }
    @Override public List<Entry> list(String directory) throws IOException { throw down(directory); }
    @Override public Lock lock() throws IOException, LockHeldException { throw down(".lock"); }
    @Override public String describe(String path) { return "s3://mirror/" + path; }
  }

  @Test
  void everyRouteAnswers503AndHealthSaysWhy() throws Exception {
    try (MirrorServer server = new MirrorServer(ServeOptions.onLoopback(new Down(), false))) {
      server.start();
      HttpClient client = HttpClient.newHttpClient();
      for (String path : List.of("/simple/", "/simple/requests/", "/pypi/requests/json",
          "/packages/ab/cd/0123/requests-1.0-py3-none-any.whl")) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).as(path).isPresent();
        assertThat(r.body()).as(path).doesNotContain("IOException").doesNotContain("\tat ");
      }
      HttpResponse<String> health = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).isEqualTo("{\"status\": \"storage unavailable\", \"serial\": null}");
    }
  }
}

package dev.jubjub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JDK client for the fake's own tests: no redirects followed, so they can be asserted. */
final class TestHttp {
  static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private TestHttp() {}

  static HttpResponse<byte[]> get(URI uri) {
    return get(uri, null);
  }

  static HttpResponse<byte[]> get(URI uri, String accept) {
    var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return send(request.build());
  }

  static HttpResponse<byte[]> post(URI uri, String body) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "text/xml")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  static HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<byte[]> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long serialHeader(HttpResponse<?> response) {
    return Long.parseLong(response.headers().firstValue("X-PyPI-Last-Serial").orElseThrow());
  }
}

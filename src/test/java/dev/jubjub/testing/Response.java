package dev.jubjub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** A complete answer before it is written, so faults can alter it. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
  Response {
    headers = Map.copyOf(headers);
  }

  static Response ok(String contentType, byte[] body) {
    return new Response(200, contentType, body, Map.of());
  }

  static Response text(int status, String message) {
    return new Response(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static Response notFound() {
    return text(404, "404 Not Found");
  }

  static Response redirect(String location) {
    return text(301, "301 Moved Permanently").withHeader("Location", location);
  }

  Response withHeader(String name, String value) {
    var next = new LinkedHashMap<>(headers);
    next.put(name, value);
    return new Response(status, contentType, body, next);
  }

  Response withSerial(long serial) {
    return withHeader("X-PyPI-Last-Serial", Long.toString(serial));
  }

  /** Gzipped, as a server answers when the request accepts gzip; caches must vary on that. */
  Response gzipped() {
    var bytes = new ByteArrayOutputStream(body.length / 4 + 64);
    try (var gzip = new GZIPOutputStream(bytes)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String vary = headers.containsKey("Vary") ? headers.get("Vary") + ", Accept-Encoding" : "Accept-Encoding";
    return withBody(bytes.toByteArray()).withHeader("Content-Encoding", "gzip").withHeader("Vary", vary);
  }

  Response withBody(byte[] newBody) {
    return new Response(status, contentType, newBody, headers);
  }
}

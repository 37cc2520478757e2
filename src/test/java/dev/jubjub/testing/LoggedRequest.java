package dev.jubjub.testing;

/**
 * One request the fake received; {@code query} is the raw query string or null, {@code
 * acceptEncoding} the Accept-Encoding header or null.
 */
public record LoggedRequest(String method, String path, String query, String acceptEncoding) {
  public String pathAndQuery() {
    return query == null ? path : path + "?" + query;
  }

  /** Whether the client asked for a gzipped answer. */
  public boolean acceptsGzip() {
    return FakePyPI.acceptsGzip(acceptEncoding);
  }
}

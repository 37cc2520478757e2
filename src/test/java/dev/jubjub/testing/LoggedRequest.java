package dev.jubjub.testing;

/** One request the fake received; {@code query} is the raw query string or null. */
public record LoggedRequest(String method, String path, String query) {
  public String pathAndQuery() {
    return query == null ? path : path + "?" + query;
  }
}

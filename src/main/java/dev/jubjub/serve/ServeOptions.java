package dev.jubjub.serve;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code jubjub serve} serves and how.
 *
 * @param directory the mirror directory (holding {@code web/}, {@code status})
 * @param rootUri where the JSON API's file URLs point; empty means this server, as the client
 *     reached it
 * @param accessLog combined-log-format access log, or empty for none
 */
public record ServeOptions(
    Path directory,
    String bind,
    int port,
    boolean hashIndex,
    Optional<String> rootUri,
    Optional<Path> accessLog) {

  public ServeOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  Path web() {
    return directory.resolve("web");
  }
}

package dev.jubjub.serve;

import dev.jubjub.store.Storage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code jubjub serve} serves and how.
 *
 * @param storage the mirror tree (holding {@code web/}, {@code status}), read through the one
 *     storage seam: a local directory or an object store
 * @param rootUri where the JSON API's file URLs point; empty means this server, as the client
 *     reached it
 * @param accessLog combined-log-format access log, or empty for none
 * @param statsDirectory where download counts are saved ({@code local-stats}); empty keeps them
 *     in memory only
 * @param redirectFiles answer package files with a presigned redirect to the object store
 *     instead of streaming them (where the storage offers one)
 * @param jsonApi whether the mirror keeps JSON API copies ({@code [mirror] json}): without them a
 *     {@code /pypi/} request is told so
 * @param maxSyncAge {@code /health} answers 503 when the last successful sync finished longer ago
 * @param searchIndex the local search index directory ({@code jubjub index}); empty: no search
 */
public record ServeOptions(
    Storage storage,
    String bind,
    int port,
    boolean hashIndex,
    Optional<String> rootUri,
    Optional<Path> accessLog,
    Optional<Path> statsDirectory,
    boolean redirectFiles,
    boolean jsonApi,
    Optional<Duration> maxSyncAge,
    Optional<Path> searchIndex) {

  public ServeOptions {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(maxSyncAge, "maxSyncAge");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Without search. */
  public ServeOptions(Storage storage, String bind, int port, boolean hashIndex, Optional<String> rootUri,
      Optional<Path> accessLog, Optional<Path> statsDirectory, boolean redirectFiles, boolean jsonApi,
      Optional<Duration> maxSyncAge) {
    this(storage, bind, port, hashIndex, rootUri, accessLog, statsDirectory, redirectFiles, jsonApi, maxSyncAge,
        Optional.empty());
  }

  /** These options with {@code index} as the search index. */
  public ServeOptions withSearchIndex(Optional<Path> index) {
    return new ServeOptions(storage, bind, port, hashIndex, rootUri, accessLog, statsDirectory, redirectFiles, jsonApi,
        maxSyncAge, index);
  }

  /** On 127.0.0.1, a free port, no log, counts in memory, files streamed: for tools and tests. */
  public static ServeOptions onLoopback(Storage storage, boolean hashIndex) {
    return new ServeOptions(storage, "127.0.0.1", 0, hashIndex, Optional.empty(), Optional.empty(), Optional.empty(), false,
        true, Optional.empty());
  }
}

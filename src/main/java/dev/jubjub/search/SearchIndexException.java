package dev.jubjub.search;

import java.nio.file.Path;

/**
 * The search index itself failed (its local disk full or read-only, a corrupt index): not the
 * mirror's storage, which stays untouched. A rebuild that fails leaves the previous index in place.
 */
public final class SearchIndexException extends Exception {
  private final Path directory;

  SearchIndexException(Path directory, String message, Throwable cause) {
    super("the search index in " + directory + " failed: " + message, cause);
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }
}

package dev.jubjub.store;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The mirror's own storage failed (disk full, read-only, permissions). Not upstream's fault, so
 * never retried as if it were: a sync stops at once on it, with one line naming the path. Unchecked,
 * so that it passes through the HTTP layer's retry loop untouched.
 */
public final class StorageException extends UncheckedIOException {
  public StorageException(String where, IOException cause) {
    super(where + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
  }
}

package dev.jubjub.upstream;

import java.io.OutputStream;

/**
 * Where a download goes, handed to {@link Upstream} by the caller: upstream never writes to the
 * mirror itself. Each attempt (a retry, the next source) begins a fresh write, which upstream
 * commits only after size and sha256 matched. The sink's own failures (a full disk) are its
 * unchecked exceptions, which pass through upstream's retry loop untouched.
 */
public interface DownloadSink {
  Write begin();

  /** One attempt. Closing without {@link #commit()} discards what was written. */
  interface Write extends AutoCloseable {
    OutputStream stream();

    void commit();

    @Override
    void close();
  }
}

package dev.jubjub.search;

import java.util.concurrent.atomic.LongAdder;

/** Live counters of a rebuild, read by the command's progress display while it runs. */
public final class IndexProgress {
  private final long started = System.nanoTime();
  private volatile long total;
  private final LongAdder indexed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();

  void total(long projects) {
    total = projects;
  }

  void indexed(long bytes) {
    indexed.increment();
    bytesRead.add(bytes);
  }

  void failedOne() {
    failed.increment();
  }

  /** Projects found in the mirror (JSON copies); 0 until they are listed. */
  public long total() {
    return total;
  }

  public long indexed() {
    return indexed.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public long bytesRead() {
    return bytesRead.sum();
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - started) / 1e9;
  }
}

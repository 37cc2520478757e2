package dev.jubjub.upstream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The JDK HTTP client has no read timeout for response bodies. This closes a body stream that
 * made no progress for {@code idle}, or that ran past {@code total}, so a stalled server cannot
 * hang a worker forever; the blocked read then fails with an IOException.
 */
final class StallWatchdog implements Closeable {
  private final Duration idle;
  private final Duration total;
  private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "jubjub-stall-watchdog");
            t.setDaemon(true);
            return t;
          });

  StallWatchdog(Duration idle, Duration total) {
    this.idle = idle;
    this.total = total;
    long period = Math.max(50, Math.min(1000, idle.toMillis() / 4));
    timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** Wraps a body stream; the wrapper must be closed by the caller. */
  InputStream watch(InputStream body) {
    Watched w = new Watched(body);
    watched.add(w);
    return w;
  }

  private void check() {
    long now = System.nanoTime();
    for (Watched w : watched) {
      if (now - w.lastProgress > idle.toNanos() || now - w.started > total.toNanos()) {
        w.expired = true;
        try {
          w.in.close();
        } catch (IOException ignored) {
          // the reader sees the failure; nothing more to do here
        }
        watched.remove(w);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private final class Watched extends InputStream {
    private final InputStream in;
    private final long started = System.nanoTime();
    private volatile long lastProgress = started;
    private volatile boolean expired;

    Watched(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (n < 0 && expired) {
          throw new StallException("no data for " + idle.toSeconds() + " s (timeout)", null);
        }
        lastProgress = System.nanoTime();
        return n;
      } catch (IOException e) {
        if (expired) {
          throw new StallException("no data for " + idle.toSeconds() + " s (timeout)", e);
        }
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      watched.remove(this);
      in.close();
    }
  }

  static final class StallException extends IOException {
    StallException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

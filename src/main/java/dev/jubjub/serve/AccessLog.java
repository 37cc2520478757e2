package dev.jubjub.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.eclipse.jetty.server.RequestLog;

/**
 * The access log file, which {@link #reopen} closes and opens again by its path: logrotate moves
 * the file away and signals the server (SIGHUP), and the next line goes to a new file at the path.
 * Lines are queued by the thread that finished the request, which then need not wait for a disk
 * (a stalled log once held every pool thread), and written in batches by the log's own thread.
 * Writes and the reopen take one lock, and a reopen first writes what is queued, so no line is
 * lost in between and none reaches the old file once the reopen has returned.
 */
final class AccessLog implements RequestLog.Writer, AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccessLog.class);
  /** About 10 MB of lines: a disk that stalls longer than that makes the requests wait for it. */
  private static final int QUEUED = 50_000;
  private final Path path;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(QUEUED);
  private final Object file = new Object();
  private OutputStream out;
  private boolean failing;
  private final Thread writer;
  /** Queued by close(), compared by identity: the writer is not interrupted, which would close the file's channel. */
  private static final String STOP = new String("stop");

  AccessLog(Path path) throws IOException {
    this.path = path.toAbsolutePath();
    Files.createDirectories(this.path.getParent());
    this.out = open();
    this.writer = Thread.ofPlatform().daemon().name("jubjub-access-log").start(this::writeQueued);
  }

  private OutputStream open() throws IOException {
    // Unbuffered: each batch is one write(2) in append mode, whole lines in the file.
    return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  @Override
  public void write(String line) {
    if (!lines.offer(line)) {
      synchronized (file) { // the queue is full: this request waits for the disk, as nginx's would
        drain();
        writeLines(List.of(line));
      }
    }
  }

  private void writeQueued() {
    List<String> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(lines.take());
      } catch (InterruptedException e) {
        return; // not done by jubjub: close() writes what is left
      }
      lines.drainTo(batch, 1023);
      boolean stop = batch.removeIf(line -> line == STOP);
      synchronized (file) {
        writeLines(batch);
      }
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  /** Writes what is queued; holds {@link #file}. */
  private void drain() {
    List<String> batch = new ArrayList<>();
    lines.drainTo(batch);
    writeLines(batch);
  }

  /** Holds {@link #file}. A failing disk is logged once until it writes again. */
  private void writeLines(List<String> batch) {
    if (batch.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (String line : batch) {
      text.append(line).append(System.lineSeparator());
    }
    try {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
      failing = false;
    } catch (IOException e) {
      if (!failing) {
        log.warn("cannot write the access log {}: {}; {} lines lost", path, e.toString(), batch.size());
      }
      failing = true;
    }
  }

  /**
   * Opens the path again; the file that was there (moved away or not) is closed. When the path
   * cannot be opened (its directory gone), lines go on to the file open before.
   */
  void reopen() {
    synchronized (file) {
      drain();
      OutputStream fresh;
      try {
        fresh = open();
      } catch (IOException e) {
        log.warn("cannot reopen the access log {}: {}; writing on to the file open before", path, e.toString());
        return;
      }
      try {
        out.close();
      } catch (IOException e) {
        log.warn("closing the access log before reopening {}: {}", path, e.toString());
      }
      out = fresh;
    }
    log.info("reopened the access log {}", path);
  }

  @Override
  public void close() throws IOException {
    try {
      if (lines.offer(STOP, 5, java.util.concurrent.TimeUnit.SECONDS)) {
        writer.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (file) {
      drain();
      out.close();
    }
  }
}

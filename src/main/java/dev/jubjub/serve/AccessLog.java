package dev.jubjub.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.server.RequestLog;

/**
 * The access log file, which {@link #reopen} closes and opens again by its path: logrotate moves
 * the file away and signals the server (SIGHUP), and the next line goes to a new file at the path.
 * Lines and the reopen take one lock, so no line is lost in between and none reaches the old file
 * once the reopen has returned.
 */
final class AccessLog implements RequestLog.Writer, AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccessLog.class);
  private final Path path;
  private OutputStream out;

  AccessLog(Path path) throws IOException {
    this.path = path.toAbsolutePath();
    Files.createDirectories(this.path.getParent());
    this.out = open();
  }

  private OutputStream open() throws IOException {
    // Unbuffered: each line is one write(2) in append mode, whole in the file when the request ends.
    return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  @Override
  public synchronized void write(String line) throws IOException {
    out.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Opens the path again; the file that was there (moved away or not) is closed. When the path
   * cannot be opened (its directory gone), lines go on to the file open before.
   */
  synchronized void reopen() {
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
    log.info("reopened the access log {}", path);
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}

package dev.jubjub.search;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer of an index directory at a time, across processes (a file lock the kernel drops with
 * a dead process) and within one (the JVM refuses a second lock on a file it already locks). A
 * rebuild and an update must not overlap: the update would go to the generation the rebuild is
 * about to replace, and be lost. The second writer waits.
 */
final class IndexLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IndexLock.class);
  private static final Map<Path, ReentrantLock> HELD_HERE = new ConcurrentHashMap<>();
  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock lock;

  private IndexLock(ReentrantLock local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  static IndexLock take(Path base) throws IOException {
    ReentrantLock local = HELD_HERE.computeIfAbsent(base.toAbsolutePath().normalize(), p -> new ReentrantLock());
    if (!local.tryLock()) {
      log.info("Waiting for another writer of the search index in {}", base);
      local.lock();
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(base.resolve("write.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        log.info("Waiting for another process writing the search index in {} (jubjub index or a mirror run)", base);
        lock = channel.lock();
      }
      return new IndexLock(local, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      local.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      local.unlock();
    }
  }
}

package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.store.LockHeldException;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PageCacheTest {
  /** An object store in memory whose reads take a while, as a real one's do. */
  private static final class SlowStore implements Storage {
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public Optional<FileInfo> stat(String path) {
      byte[] b = objects.get(path);
      return b == null ? Optional.empty() : Optional.of(new FileInfo(b.length, Instant.ofEpochSecond(b.length)));
    }

    @Override
    public InputStream open(String path) throws NoSuchFileException {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] b = objects.get(path);
      if (b == null) {
        throw new NoSuchFileException(path);
      }
      return new ByteArrayInputStream(b);
    }

    @Override public InputStream open(String path, long offset, long length) throws NoSuchFileException { return open(path); }
    @Override public PendingFile create(String path, Attributes attributes) { throw new UnsupportedOperationException(); }
    @Override public void sync() {}
    @Override public boolean delete(String path) { return objects.remove(path) != null; }
    @Override public List<Entry> list(String directory) { return List.of(); }
    @Override public Lock lock() throws LockHeldException { throw new LockHeldException("test"); }
    @Override public String describe(String path) { return "memory:" + path; }
  }

  @Test
  void afterAnIdleSpellEveryRequestOfABurstSeesThePagesOfTheRunThatEndedMeanwhile() throws Exception {
    SlowStore store = new SlowStore();
    String page = "web/simple/demo/index.html";
    store.objects.put(MirrorLayout.CHANGED, "run 1\n".getBytes(StandardCharsets.US_ASCII));
    store.objects.put(page, "old page".getBytes(StandardCharsets.US_ASCII));
    PageCache cache = new PageCache(1 << 20, PageCache.marked(store));
    assertThat(new String(cache.get(page).body(), StandardCharsets.US_ASCII)).isEqualTo("old page");

    Thread.sleep(1_200); // the node is idle while a run rewrites the page (same length: only the mark tells)
    store.objects.put(page, "new page".getBytes(StandardCharsets.US_ASCII));
    store.objects.put(MirrorLayout.CHANGED, "run 2\n".getBytes(StandardCharsets.US_ASCII));

    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    try (ExecutorService burst = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 16; i++) {
        answers.add(burst.submit(() -> {
          start.await();
          return new String(cache.get(page).body(), StandardCharsets.US_ASCII);
        }));
      }
      start.countDown();
      for (Future<String> answer : answers) {
        assertThat(answer.get()).isEqualTo("new page");
      }
    }
  }
}

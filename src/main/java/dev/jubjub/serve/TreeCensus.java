package dev.jubjub.serve;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jubjub.pypi.JsonApiParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The number and total size of the package files under {@code web/packages}, and the projects the
 * root index lists, counted in the background: a full PyPI mirror has millions of files, far too
 * many to walk for a request, and a root index of 700,000 projects. Counted at
 * start, then again when a run has changed the tree, at most once per {@code interval} (every few
 * seconds while the tree is empty, so a first sync shows soon).
 */
final class TreeCensus implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofMinutes(15);
  /** While the tree is empty (serving before the first sync) a count is cheap: look again soon. */
  private static final Duration WHILE_EMPTY = Duration.ofSeconds(5);
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TreeCensus.class);
  private final Storage storage;
  private final Freshness freshness;
  private final Duration interval;
  private final Thread thread;
  private volatile Totals totals;

  /**
   * The count of one walk, and when it ended.
   *
   * @param projects the projects in the root index; empty when it could not be read
   */
  record Totals(long files, long bytes, OptionalLong projects, Instant scanned) {}

  TreeCensus(Storage storage, Freshness freshness, Duration interval) {
    this.storage = storage;
    this.freshness = freshness;
    this.interval = interval;
    this.thread = Thread.ofVirtual().name("jubjub-tree-census").unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** The last count; empty until the first walk has ended. */
  Optional<Totals> totals() {
    return Optional.ofNullable(totals);
  }

  private void run() {
    String counted = null;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        String version = version();
        if (version == null || !version.equals(counted)) {
          // The version is taken before the walk: a run that ends during it is counted next time.
          counted = count() ? version : null;
        }
        Totals last = totals;
        Thread.sleep(last != null && last.files() == 0 && WHILE_EMPTY.compareTo(interval) < 0 ? WHILE_EMPTY : interval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The tree's version, or null when the storage cannot say (then the tree is counted again). */
  private String version() {
    try {
      return freshness.current().version();
    } catch (IOException e) {
      return null;
    }
  }

  /** Walks the package files; false when the storage failed on the way. */
  private boolean count() {
    AtomicLong files = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long started = System.nanoTime();
    try {
      storage.forEachFile(MirrorLayout.PACKAGES, (path, size) -> {
        files.incrementAndGet();
        bytes.addAndGet(size);
      });
    } catch (IOException e) {
      log.warn("cannot count the files under {}: {}", storage.describe(MirrorLayout.PACKAGES), e.getMessage());
      return false;
    }
    totals = new Totals(files.get(), bytes.get(), projects(), Instant.now());
    log.debug("counted {} files, {} bytes under {} in {} ms", files.get(), bytes.get(),
        storage.describe(MirrorLayout.PACKAGES), (System.nanoTime() - started) / 1_000_000);
    return true;
  }

  /**
   * The projects in the root index: its PEP 691 JSON read as a stream (tens of MB on a full mirror),
   * or the links of its HTML when a mirror writes no JSON.
   */
  private OptionalLong projects() {
    String json = MirrorLayout.SIMPLE + "/index.v1_json";
    String html = MirrorLayout.SIMPLE + "/index.html";
    try {
      if (storage.stat(json).isPresent()) {
        try (InputStream in = storage.open(json); JsonParser parser = JsonApiParser.MAPPER.createParser(in)) {
          return countProjects(parser);
        }
      }
      if (storage.stat(html).isPresent()) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(storage.open(html), StandardCharsets.UTF_8))) {
          return OptionalLong.of(in.lines().filter(line -> line.contains("<a ")).count());
        }
      }
    } catch (IOException e) {
      log.warn("cannot count the projects in {}: {}", storage.describe(json), e.getMessage());
    }
    return OptionalLong.empty();
  }

  private static OptionalLong countProjects(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return OptionalLong.empty();
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      boolean projects = parser.currentName().equals("projects");
      if (parser.nextToken() == JsonToken.START_ARRAY && projects) {
        long n = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          if (t == null) {
            return OptionalLong.empty();
          }
          parser.skipChildren();
          n++;
        }
        return OptionalLong.of(n);
      }
      parser.skipChildren();
    }
    return OptionalLong.empty();
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}

package dev.jubjub.search;

import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search index on local disk: generations {@code index-<time>-<random>/} (each a Lucene index)
 * in one directory, and a file {@code current} naming the one in use. A rebuild writes a new
 * generation and then replaces {@code current} by an atomic rename, so a searcher sees the old
 * index or the new one, never a part; updates go to the current generation as Lucene commits, which
 * are atomic too. Writers take {@link IndexLock}; searchers take no lock.
 */
public final class SearchIndex {
  private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
  static final String CURRENT = "current";
  private static final Pattern GENERATION = Pattern.compile("index-\\d{8}T\\d{6}-[0-9a-f]{8}");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
  private static final int MAX_FAILURES_KEPT = 50;
  private final Path base;

  public SearchIndex(Path base) {
    this.base = base;
  }

  public Path directory() {
    return base;
  }

  /** The generation in use, or empty when no rebuild has finished yet. */
  Optional<Path> current() throws IOException {
    return currentName().map(base::resolve).filter(Files::isDirectory);
  }

  /** The name {@code current} holds, if it holds one that is a generation's. */
  Optional<String> currentName() throws IOException {
    try {
      String name = Files.readString(base.resolve(CURRENT), StandardCharsets.US_ASCII).strip();
      return GENERATION.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Whether a finished index is there to search and update. */
  public boolean exists() throws IOException {
    return current().isPresent();
  }

  /**
   * What a rebuild did.
   *
   * @param failures "project: reason" for JSON copies that could not be read as one, the first
   *     few
   */
  public record RebuildReport(long projects, long failed, List<String> failures, Duration elapsed, Path generation,
      long indexBytes) {}

  /**
   * Indexes every project's JSON copy into a new generation and swaps it in. The JSON copies are
   * read {@code concurrency} at a time (a local disk wants a few, an object store many).
   *
   * @throws IOException when the mirror's storage fails (nothing is swapped in)
   * @throws SearchIndexException when the index's own directory fails (nothing is swapped in)
   */
  public RebuildReport rebuild(Storage storage, IndexProgress progress, int concurrency)
      throws IOException, SearchIndexException {
    try {
      Files.createDirectories(base);
      try (IndexLock lock = IndexLock.take(base)) {
        removeGenerationsBut(currentName());
        Path generation = base.resolve("index-" + LocalDateTime.now(ZoneOffset.UTC).format(STAMP) + "-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        List<String> names = projects(storage);
        progress.total(names.size());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        IndexWriterConfig config = new IndexWriterConfig(Schema.analyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setRAMBufferSizeMB(128)
            .setCommitOnClose(false);
        boolean swapped = false;
        long bytes;
        try {
          try (FSDirectory dir = FSDirectory.open(generation); IndexWriter writer = new IndexWriter(dir, config)) {
            addAll(storage, names, writer, progress, failures, concurrency);
            commit(writer);
          }
          bytes = size(generation);
          swapIn(generation);
          swapped = true;
        } finally {
          if (!swapped) {
            discard(generation); // a failed rebuild leaves no half-built index taking the disk
          }
        }
        Duration elapsed = Duration.ofNanos((long) (progress.elapsedSeconds() * 1e9));
        log.info("Search index rebuilt: {} projects in {} s, {} failed", progress.indexed(), elapsed.toSeconds(),
            progress.failed());
        return new RebuildReport(progress.indexed(), progress.failed(), List.copyOf(failures), elapsed, generation, bytes);
      }
    } catch (StorageFailure e) {
      throw e.getCause();
    } catch (IOException | UncheckedIOException e) {
      throw new SearchIndexException(base, e.getMessage(), e);
    }
  }

  /**
   * The mirror's storage failed: carried out of the index code as this, so that every other
   * IOException there is the index's own.
   */
  private static final class StorageFailure extends RuntimeException {
    StorageFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  /** Normalized names of the projects with a JSON copy; temporary files of a sync are not names. */
  private static List<String> projects(Storage storage) {
    List<String> names = new ArrayList<>();
    try {
      for (Storage.Entry e : storage.list(MirrorLayout.jsonFile("").replaceAll("/$", ""))) {
        if (!e.directory() && ProjectName.isNormalized(e.name())) {
          names.add(e.name());
        }
      }
    } catch (IOException e) {
      throw new StorageFailure(e);
    }
    return names;
  }

  private static Optional<byte[]> readCopy(Storage storage, String name) {
    try {
      return storage.readIfExists(MirrorLayout.jsonFile(name));
    } catch (IOException e) {
      throw new StorageFailure(e);
    }
  }

  /** The copy as a document, or empty (logged, noted) when it is not a JSON API document. */
  private static Optional<ProjectDocument> parse(Storage storage, String name, byte[] copy, List<String> failures) {
    try {
      return Optional.of(ProjectDocument.parse(name, copy));
    } catch (IOException e) {
      String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
          ? j.getOriginalMessage() + (j.getLocation() == null ? ""
              : " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr())
          : e.getMessage();
      String failure = name + ": unreadable JSON copy " + storage.describe(MirrorLayout.jsonFile(name)) + " ("
          + Text.clean(reason, 300) + "); jubjub sync " + name + " fetches it again";
      log.warn("Search index: {}", failure);
      if (failures.size() < MAX_FAILURES_KEPT) {
        failures.add(failure);
      }
      return Optional.empty();
    }
  }

  private static void addAll(Storage storage, List<String> names, IndexWriter writer, IndexProgress progress,
      List<String> failures, int concurrency) throws IOException {
    Semaphore slots = new Semaphore(Math.max(1, concurrency));
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String name : names) {
        slots.acquireUninterruptibly();
        if (failure.get() != null) {
          slots.release();
          break;
        }
        pool.execute(() -> {
          try {
            // Empty: removed by a sync since the listing.
            Optional<byte[]> copy = readCopy(storage, name);
            Optional<ProjectDocument> doc = copy.flatMap(c -> parse(storage, name, c, failures));
            if (doc.isPresent()) {
              writer.addDocument(Schema.document(doc.get()));
              progress.indexed(copy.get().length);
            } else if (copy.isPresent()) {
              progress.failedOne();
            }
          } catch (IOException e) {
            failure.compareAndSet(null, new UncheckedIOException(e));
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          } finally {
            slots.release();
          }
        });
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static void commit(IndexWriter writer) throws IOException {
    writer.setLiveCommitData(Map.of(Schema.VERSION_KEY, Schema.VERSION).entrySet());
    writer.commit();
  }

  /**
   * Why an index whose last commit recorded {@code commitData} cannot be used by this jubjub, or
   * empty when it can.
   */
  static Optional<String> staleness(Iterable<Map.Entry<String, String>> commitData) {
    String version = "1";
    if (commitData != null) {
      for (Map.Entry<String, String> e : commitData) {
        if (e.getKey().equals(Schema.VERSION_KEY)) {
          version = e.getValue();
        }
      }
    }
    return version.equals(Schema.VERSION) ? Optional.empty() : Optional.of("it was built by another version of"
        + " jubjub (index schema " + version + ", this one reads " + Schema.VERSION + "); run jubjub index to rebuild it");
  }

  /** Makes {@code generation} current by an atomic rename of the pointer, then drops the others. */
  private void swapIn(Path generation) throws IOException {
    Path pending = base.resolve(CURRENT + ".new");
    try (FileChannel out = FileChannel.open(pending, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(StandardCharsets.US_ASCII.encode(generation.getFileName() + "\n"));
      out.force(true);
    }
    try {
      Files.move(pending, base.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + base + " cannot rename atomically", e);
    }
    // Open readers keep their files: unlinked files stay readable, and a server reopens on the
    // next look at "current".
    removeGenerationsBut(Optional.of(generation.getFileName().toString()));
  }

  private void removeGenerationsBut(Optional<String> keep) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, "index-*")) {
      for (Path p : entries) {
        if (GENERATION.matcher(p.getFileName().toString()).matches() && !keep.equals(Optional.of(p.getFileName().toString()))) {
          deleteTree(p);
        }
      }
    }
  }

  private static void discard(Path generation) {
    try {
      if (Files.exists(generation)) {
        deleteTree(generation);
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("Search index: could not remove the unfinished {}: {}", generation, e.toString());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Collections.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /**
   * What an update did.
   *
   * @param indexed projects (re)indexed from their JSON copies
   * @param removed projects without a JSON copy, now gone from the index
   * @param failed projects whose copy could not be read as one (left out of the index)
   * @param noIndex true when there was no index to update (nothing was done: {@code jubjub index}
   *     builds the first one)
   */
  public record UpdateReport(int indexed, int removed, int failed, boolean noIndex) {}

  /**
   * Re-reads these projects' JSON copies into the current index, one commit for all: the cost is
   * that of the projects named, not of the mirror. A project whose copy is gone is removed. Without
   * an index nothing is done: a partial index would look like a complete one.
   *
   * @param normalizedNames projects a run synced or removed (any spelling is normalized)
   * @throws IOException when the mirror's storage fails (the index is left as it was)
   * @throws SearchIndexException when the index's own directory fails
   */
  public UpdateReport update(Storage storage, Collection<String> normalizedNames)
      throws IOException, SearchIndexException {
    if (!Files.isDirectory(base)) {
      return new UpdateReport(0, 0, 0, true);
    }
    try (IndexLock lock = IndexLock.take(base)) {
      Optional<Path> generation = current();
      if (generation.isEmpty()) {
        return new UpdateReport(0, 0, 0, true);
      }
      removeGenerationsBut(currentName()); // what a killed rebuild left
      int indexed = 0;
      int removed = 0;
      int failed = 0;
      IndexWriterConfig config = new IndexWriterConfig(Schema.analyzer())
          .setOpenMode(IndexWriterConfig.OpenMode.APPEND)
          .setCommitOnClose(false);
      List<String> failures = new ArrayList<>();
      try (FSDirectory dir = FSDirectory.open(generation.get()); IndexWriter writer = new IndexWriter(dir, config)) {
        Optional<String> stale = staleness(writer.getLiveCommitData());
        if (stale.isPresent()) {
          throw new SearchIndexException(base, stale.get(), null);
        }
        for (String raw : new java.util.TreeSet<>(normalizedNames)) {
          if (!ProjectName.isValid(raw)) {
            continue;
          }
          String name = ProjectName.normalize(raw);
          Optional<byte[]> copy = readCopy(storage, name);
          Optional<ProjectDocument> doc = copy.flatMap(c -> parse(storage, name, c, failures));
          if (doc.isPresent()) {
            writer.updateDocument(Schema.key(name), Schema.document(doc.get()));
            indexed++;
          } else {
            writer.deleteDocuments(Schema.key(name));
            if (copy.isEmpty()) {
              removed++;
            } else {
              failed++;
            }
          }
        }
        commit(writer);
      }
      return new UpdateReport(indexed, removed, failed, false);
    } catch (StorageFailure e) {
      throw e.getCause();
    } catch (IOException e) {
      throw new SearchIndexException(base, e.getMessage(), e);
    }
  }
}

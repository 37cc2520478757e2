package dev.jubjub.sync;

import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.MetadataException;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projects holding files that {@code min-release-age} keeps out of their pages, each with the
 * whole JSON API document they were synced from (filtered, core metadata described):
 * {@code .jubjub-waiting/<project>.<epoch-second>.json}, where the time is when the next file
 * becomes visible. Outside {@code web/}, so no client reads it; bandersnatch ignores it.
 *
 * <p>One file per project, its time in its name: a run learns which projects are due from one
 * listing, re-renders them from their document with no upstream request, and a project's record
 * is replaced by one atomic write, never by rewriting a shared file. A record is written before
 * the pages that hide files and removed only after pages that hide none: a crash between leaves a
 * record too many (a harmless re-render), never a file hidden for good. The document also names
 * the waiting files, so verify and removals treat them as the project's own.
 */
final class WaitingFiles {
  private static final Logger log = LoggerFactory.getLogger(WaitingFiles.class);
  static final String DIRECTORY = ".jubjub-waiting";
  private final Storage storage;
  /** Records by project, read from the listing on first use. */
  private Map<String, List<Entry>> records;

  WaitingFiles(Storage storage) {
    this.storage = storage;
  }

  private record Entry(Instant agesIn, String path) {}

  private synchronized Map<String, List<Entry>> records() throws IOException {
    if (records == null) {
      Map<String, List<Entry>> found = new ConcurrentHashMap<>();
      for (Storage.Entry e : storage.list(DIRECTORY)) {
        String[] parts = e.name().split("\\.");
        if (e.directory() || parts.length != 3 || !parts[2].equals("json") || !ProjectName.isNormalized(parts[0])
            || !parts[1].matches("\\d{1,12}")) {
          continue;
        }
        found.computeIfAbsent(parts[0], k -> new ArrayList<>())
            .add(new Entry(Instant.ofEpochSecond(Long.parseLong(parts[1])), DIRECTORY + "/" + e.name()));
      }
      records = found;
    }
    return records;
  }

  /** The projects one of whose files is old enough now. */
  Set<String> due(Instant now) throws IOException {
    Set<String> due = new TreeSet<>();
    records().forEach((name, entries) -> {
      if (entries.stream().anyMatch(e -> !e.agesIn().isAfter(now))) {
        due.add(name);
      }
    });
    return due;
  }

  /** The projects holding waiting files. */
  Set<String> projects() throws IOException {
    return new TreeSet<>(records().keySet());
  }

  /** The record files of a project (more than one only after a crash). */
  List<String> paths(String normalized) throws IOException {
    return records().getOrDefault(normalized, List.of()).stream().map(Entry::path).toList();
  }

  /** Every package file the project's records name: visible and waiting alike, all its own. */
  Set<String> packageFiles(String normalized) throws IOException {
    Set<String> files = new TreeSet<>();
    for (String path : paths(normalized)) {
      files.addAll(LinkedPages.filesInJsonDocument(storage, path));
    }
    return files;
  }

  /**
   * The document the project was last synced from; of several (a crash), the one at the highest
   * serial. Empty when none can be read: the caller asks upstream instead.
   */
  Optional<ProjectMetadata> load(ProjectName name) throws IOException {
    Optional<ProjectMetadata> best = Optional.empty();
    for (String path : paths(name.normalized())) {
      Optional<byte[]> bytes = storage.readIfExists(path);
      if (bytes.isEmpty()) {
        continue;
      }
      try {
        ProjectMetadata project = JsonApiParser.parse(name, bytes.get(), Map.of());
        if (best.isEmpty() || project.lastSerial() > best.get().lastSerial()) {
          best = Optional.of(project);
        }
      } catch (MetadataException e) {
        log.warn("{}: unreadable ({}); the project is synced from upstream", storage.describe(path), e.getMessage());
      }
    }
    return best;
  }

  /** Records the project's whole document, due at {@code agesIn}, and drops its older records. */
  void save(ProjectMetadata project, Instant agesIn) throws IOException {
    String normalized = project.name().normalized();
    String path = DIRECTORY + "/" + normalized + "." + agesIn.getEpochSecond() + ".json";
    storage.write(path, JsonApiParser.MAPPER.writeValueAsBytes(project.json()));
    List<Entry> old = records().getOrDefault(normalized, List.of());
    for (Entry e : old) {
      if (!e.path().equals(path)) {
        storage.delete(e.path());
      }
    }
    records().put(normalized, List.of(new Entry(agesIn, path)));
  }

  /** Forgets the project: none of its files waits any more, or it left the mirror. */
  void clear(String normalized) throws IOException {
    List<Entry> old = records().getOrDefault(normalized, List.of());
    for (Entry e : old) {
      storage.delete(e.path());
    }
    records().remove(normalized);
  }

  /** The earliest time a record is due, for the run's log. */
  Optional<Instant> next() throws IOException {
    return records().values().stream().flatMap(List::stream).map(Entry::agesIn).min(Comparator.naturalOrder());
  }
}

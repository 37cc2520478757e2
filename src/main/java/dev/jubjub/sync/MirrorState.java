package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror's own state files, in bandersnatch's formats: {@code generation} ("5"), {@code
 * status} (the last fully synced serial) and {@code todo} (target serial, then one {@code name
 * serial} line per project still to do).
 */
final class MirrorState {
  private static final Logger log = LoggerFactory.getLogger(MirrorState.class);
  static final int CURRENT_GENERATION = 5;
  static final String FILTERS = ".jubjub-filters";
  /** Notes of projects finished since {@code todo} was written; outside web/, bandersnatch ignores them. */
  static final String PROGRESS = ".jubjub-progress";
  static final String SKIPPED = ".jubjub-skipped";
  /** Removals that passed the guard and were under way when the run stopped. */
  static final String REMOVING = ".jubjub-removing";
  /** There while the last mirror run refused removals: the next one weighs them again, whatever the serials say. */
  static final String REFUSED = ".jubjub-refused";
  private final AtomicLong progressNotes = new AtomicLong();
  private final Storage storage;

  MirrorState(Storage storage) {
    this.storage = storage;
  }

  record Todo(long targetSerial, Map<String, Long> projects) {}

  /**
   * Checks the generation and returns the synced serial (0 for a new mirror). Generations 2–4 are
   * bandersnatch's older layouts: their status is dropped so everything is checked again.
   */
  long loadStatus() throws IOException {
    Optional<String> generation = read(MirrorLayout.GENERATION);
    int gen;
    try {
      gen = generation.map(String::trim).map(Integer::parseInt).orElse(0);
    } catch (NumberFormatException e) {
      gen = 0;
    }
    if (gen != CURRENT_GENERATION) {
      if (gen > CURRENT_GENERATION) {
        throw new IOException(
            "unknown mirror generation " + gen + " in " + storage.describe(MirrorLayout.GENERATION));
      }
      log.info("Generation file missing or old ({}); starting over from serial 0", gen);
      storage.delete(MirrorLayout.STATUS);
      storage.delete(MirrorLayout.PENDING);
      write(MirrorLayout.GENERATION, Integer.toString(CURRENT_GENERATION));
      return 0;
    }
    Optional<String> status = read(MirrorLayout.STATUS);
    if (status.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(status.get().trim());
    } catch (NumberFormatException e) {
      log.warn("Status file {} is corrupt; starting over", storage.describe(MirrorLayout.STATUS));
      return 0;
    }
  }

  void saveStatus(long serial) throws IOException {
    write(MirrorLayout.STATUS, Long.toString(serial));
  }

  /** The todo of an interrupted run; a corrupt one is dropped, as bandersnatch does. */
  Optional<Todo> loadTodo() throws IOException {
    Optional<String> text = read(MirrorLayout.PENDING);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String[] lines = text.get().split("\n");
    try {
      long target = Long.parseLong(lines[0].trim());
      Map<String, Long> projects = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i].trim();
        if (line.isEmpty()) {
          continue;
        }
        String[] parts = line.split("\\s+");
        if (parts.length != 2 || !ProjectName.isValid(parts[0])) {
          throw new NumberFormatException("bad line " + (i + 1));
        }
        projects.put(parts[0], Long.parseLong(parts[1]));
      }
      applyProgress(projects);
      return Optional.of(new Todo(target, projects));
    } catch (NumberFormatException e) {
      log.error("Removing inconsistent todo list {}: {}", storage.describe(MirrorLayout.PENDING),
          ProjectName.printable(String.valueOf(e.getMessage())));
      storage.delete(MirrorLayout.PENDING);
      return Optional.empty();
    }
  }

  /** Writes the whole todo; the progress notes of the todo it replaces go. */
  void saveTodo(long target, Map<String, Long> projects) throws IOException {
    write(MirrorLayout.PENDING, SerialLines.append(new StringBuilder().append(target).append('\n'), projects).toString());
    clearProgress();
  }

  /**
   * Notes projects finished since the last note, so that a restart need not look at them again.
   * Costs O(finished) per note, where rewriting {@code todo} would cost O(remaining) (28 MB at
   * PyPI's size, every few seconds). A note cancels a todo line only at the same or a higher
   * serial, so a note left over from an older todo can never skip newer work.
   *
   * @return the number of notes now kept; the caller compacts into {@code todo} when they pile up
   */
  int saveProgress(Map<String, Long> finished) throws IOException {
    if (!finished.isEmpty()) {
      write(PROGRESS + "/" + System.currentTimeMillis() + "-" + progressNotes.incrementAndGet(),
          SerialLines.append(new StringBuilder(), finished).toString());
    }
    return storage.list(PROGRESS).size();
  }

  private void clearProgress() throws IOException {
    if (storage.stat(PROGRESS).isPresent()) {
      // A file where the notes' directory belongs (damaged by hand or by another tool).
      storage.delete(PROGRESS);
    }
    for (Storage.Entry note : storage.list(PROGRESS)) {
      if (!note.directory()) {
        storage.delete(PROGRESS + "/" + note.name());
      }
    }
  }

  /**
   * Drops from {@code projects} what the progress notes say was finished at the serial asked for.
   * A note that cannot be read is skipped with a warning naming it: ignoring a note only means
   * syncing its projects again, never skipping work.
   */
  private void applyProgress(Map<String, Long> projects) {
    List<Storage.Entry> notes;
    try {
      notes = storage.list(PROGRESS);
    } catch (IOException e) {
      log.warn("Ignoring the progress notes {} ({}): the projects they name are synced again",
          storage.describe(PROGRESS), e.getMessage());
      return;
    }
    for (Storage.Entry note : notes) {
      String path = PROGRESS + "/" + note.name();
      try {
        SerialLines.parse(new String(storage.readAllBytes(path), StandardCharsets.UTF_8),
            (name, serial) -> {
              Long wanted = projects.get(name);
              if (wanted != null && serial >= wanted) {
                projects.remove(name);
              }
            });
      } catch (IOException e) {
        log.warn("Ignoring the progress note {} ({}): the projects it names are synced again",
            storage.describe(path), e.getMessage());
      }
    }
  }

  /**
   * The digest of the filter configuration the tree was last fully synced with ({@code
   * .jubjub-filters}, empty for none); bandersnatch ignores the file.
   */
  String loadFilterFingerprint() throws IOException {
    return read(FILTERS).map(String::trim).orElse("");
  }

  void saveFilterFingerprint(String fingerprint) throws IOException {
    if (fingerprint.isEmpty()) {
      storage.delete(FILTERS);
    } else {
      write(FILTERS, fingerprint + "\n");
    }
  }

  /** Projects left out of the tree on purpose, with the serial they were looked at (see {@link Plan.Local}). */
  Map<String, Long> loadSkipped() throws IOException {
    Map<String, Long> skipped = new LinkedHashMap<>();
    SerialLines.parse(read(SKIPPED).orElse(""), skipped::put);
    return skipped;
  }

  void saveSkipped(Map<String, Long> skipped) throws IOException {
    if (skipped.isEmpty()) {
      storage.delete(SKIPPED);
      return;
    }
    write(SKIPPED, SerialLines.append(new StringBuilder(), new TreeMap<>(skipped)).toString());
  }

  /** Projects whose removal passed the guard (or the user's yes) in a run that did not finish it. */
  Set<String> loadRemoving() throws IOException {
    Set<String> names = new TreeSet<>();
    read(REMOVING).ifPresent(text -> text.lines().map(String::strip)
        .filter(ProjectName::isValid).map(ProjectName::normalize).forEach(names::add));
    return names;
  }

  /** Written before the first removal, durable: a run stopped midway finishes it without asking again. */
  void saveRemoving(Set<String> names) throws IOException {
    write(REMOVING, String.join("\n", new TreeSet<>(names)) + "\n");
    storage.sync();
  }

  void clearRemoving() throws IOException {
    storage.delete(REMOVING);
  }

  boolean refusedRemovals() throws IOException {
    return storage.stat(REFUSED).isPresent();
  }

  void refusedRemovals(boolean refused) throws IOException {
    if (refused) {
      write(REFUSED, "removals were refused; the next run weighs them again\n");
    } else if (refusedRemovals()) {
      storage.delete(REFUSED);
    }
  }

  void clearTodo() throws IOException {
    storage.delete(MirrorLayout.PENDING);
    clearProgress();
  }

  private Optional<String> read(String path) throws IOException {
    return storage.readIfExists(path).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private void write(String path, String content) throws IOException {
    storage.write(path, content.getBytes(StandardCharsets.UTF_8));
  }
}

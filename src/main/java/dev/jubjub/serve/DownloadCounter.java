package dev.jubjub.serve;

import dev.jubjub.pypi.ProjectName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads per project and day, the successor of bandersnatch's local-stats: kept in memory and
 * saved as {@code <dir>/days/YYYY-MM-DD} ({@code project count} lines), loaded again on start so
 * counts survive restarts.
 */
final class DownloadCounter {
  private static final Logger log = LoggerFactory.getLogger(DownloadCounter.class);
  private static final Pattern SDIST = Pattern.compile("^(.+)-[^-]+\\.(tar\\.gz|tar\\.bz2|tar\\.xz|tgz|zip)$");
  private final Path days;
  private final Clock clock;
  private final Map<LocalDate, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();
  /** False on a read-only mirror: counts are then kept in memory only. */
  private final boolean persistent;

  /** @param directory where counts are saved; empty keeps them in memory only */
  DownloadCounter(Optional<Path> directory, Clock clock) throws IOException {
    this.days = directory.map(d -> d.resolve("days")).orElse(null);
    this.clock = clock;
    boolean writable = false;
    if (days != null) {
      try {
        Files.createDirectories(days);
        writable = Files.isWritable(days);
      } catch (IOException e) {
        writable = false;
      }
      if (!writable) {
        log.warn("{} cannot be written (a read-only mirror?): download counts are kept in memory only", days);
      }
    }
    this.persistent = writable;
    if (persistent) {
      load(LocalDate.now(clock));
    }
  }

  private void load(LocalDate day) throws IOException {
    Path file = days.resolve(day.toString());
    if (!Files.exists(file)) {
      return;
    }
    read(file).forEach((project, n) -> day(day).computeIfAbsent(project, k -> new LongAdder()).add(n));
  }

  /** A saved day's counts ({@code project count} lines; others are skipped). */
  static Map<String, Long> read(Path file) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[1].matches("\\d{1,18}")) {
        counts.merge(parts[0], Long.parseLong(parts[1]), Long::sum);
      }
    }
    return counts;
  }

  /** Where saved days are, one file each; empty when counts are kept in memory only. */
  Optional<Path> daysDirectory() {
    return persistent ? Optional.of(days) : Optional.empty();
  }

  /** The counts of {@code day} held in memory (today's, and any not saved yet). */
  Map<String, Long> inMemory(LocalDate day) {
    Map<String, LongAdder> held = counts.get(day);
    Map<String, Long> out = new HashMap<>();
    if (held != null) {
      held.forEach((project, n) -> out.put(project, n.sum()));
    }
    return out;
  }

  LocalDate today() {
    return LocalDate.now(clock);
  }

  private Map<String, LongAdder> day(LocalDate day) {
    return counts.computeIfAbsent(day, d -> new ConcurrentHashMap<>());
  }

  /** Counts a download of a distribution file; metadata, provenance and odd names are not counted. */
  void count(String filename) {
    project(filename).ifPresent(p -> day(LocalDate.now(clock)).computeIfAbsent(p, k -> new LongAdder()).increment());
  }

  /** The project a file name belongs to: wheels and eggs up to the first '-', sdists up to the last. */
  static Optional<String> project(String filename) {
    if (filename.endsWith(".metadata") || filename.endsWith(".provenance")) {
      return Optional.empty();
    }
    String name;
    var sdist = SDIST.matcher(filename);
    if (filename.endsWith(".whl") || filename.endsWith(".egg") || !sdist.matches()) {
      name = filename.split("-", 2)[0];
    } else {
      name = sdist.group(1);
    }
    return ProjectName.isValid(name) ? Optional.of(ProjectName.normalize(name)) : Optional.empty();
  }

  long get(LocalDate day, String project) {
    LongAdder n = day(day).get(project);
    return n == null ? 0 : n.sum();
  }

  /** Writes every day held in memory, each file replaced atomically. */
  synchronized void save() {
    if (!persistent) {
      counts.keySet().removeIf(d -> d.isBefore(LocalDate.now(clock)));
      return;
    }
    for (Map.Entry<LocalDate, Map<String, LongAdder>> day : counts.entrySet()) {
      StringBuilder out = new StringBuilder();
      new TreeMap<>(day.getValue()).forEach((p, n) -> out.append(p).append(' ').append(n.sum()).append('\n'));
      try {
        Path tmp = Files.createTempFile(days, ".day-", ".part");
        Files.writeString(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, days.resolve(day.getKey().toString()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        log.warn("Cannot save download counts to {}: {}", days, e.getMessage());
      }
    }
    LocalDate today = LocalDate.now(clock);
    counts.keySet().removeIf(d -> d.isBefore(today));
  }
}

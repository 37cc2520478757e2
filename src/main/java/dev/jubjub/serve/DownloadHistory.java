package dev.jubjub.serve;

import dev.jubjub.ui.HomePage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads per project and day over the last weeks, for the web UI: today's from the {@link
 * DownloadCounter} itself, earlier days from the files it saved. A saved day is read once and kept
 * while its file is unchanged (a day's file stops changing once the day is over); only the days
 * the chart shows are kept, so memory is bounded by {@link #DAYS} times the projects downloaded in
 * a day.
 */
final class DownloadHistory {
  private static final Logger log = LoggerFactory.getLogger(DownloadHistory.class);
  /** How far back the chart and the most downloaded projects look. */
  static final int DAYS = 90;
  /** The most downloaded projects are counted over this many days, today included. */
  static final int TOP_DAYS = 30;
  /** A day of a full PyPI mirror's downloads is a few MB; anything far larger is not ours. */
  private static final long MAX_DAY_BYTES = 64L * 1024 * 1024;
  private static final long TOP_NANOS = 60_000_000_000L;
  private final DownloadCounter counter;
  private final Map<LocalDate, Day> saved = new HashMap<>();
  private List<HomePage.Downloaded> top = List.of();
  private long topAt;
  private boolean topKnown;

  /** A saved day's counts, and the file's size and time they were read at. */
  private record Day(long size, long modified, Map<String, Long> counts) {}

  DownloadHistory(DownloadCounter counter) {
    this.counter = counter;
  }

  LocalDate today() {
    return counter.today();
  }

  /** The first day of the chart: {@link #DAYS} ago, or the first day counted if that is later. */
  synchronized LocalDate firstDay() {
    LocalDate today = counter.today();
    LocalDate earliest = today.minusDays(DAYS - 1);
    return refresh(today).keySet().stream().filter(d -> !d.isBefore(earliest)).min(Comparator.naturalOrder())
        .orElse(today);
  }

  /** A project's downloads per day from {@code from} to today; days without any are left out. */
  synchronized Map<LocalDate, Long> daily(String project, LocalDate from) {
    LocalDate today = counter.today();
    Map<LocalDate, Long> out = new TreeMap<>();
    refresh(today).forEach((day, counts) -> {
      Long n = counts.counts().get(project);
      if (n != null && !day.isBefore(from)) {
        out.put(day, n);
      }
    });
    long now = counter.inMemory(today).getOrDefault(project, 0L);
    if (now > 0) {
      out.put(today, now);
    }
    return out;
  }

  /** The {@code n} most downloaded projects over {@link #TOP_DAYS} days; worked out once a minute. */
  synchronized List<HomePage.Downloaded> top(int n) {
    if (topKnown && System.nanoTime() - topAt < TOP_NANOS) {
      return top;
    }
    LocalDate today = counter.today();
    LocalDate from = today.minusDays(TOP_DAYS - 1);
    Map<String, Long> sums = new HashMap<>(counter.inMemory(today));
    refresh(today).forEach((day, counts) -> {
      if (!day.isBefore(from)) {
        counts.counts().forEach((project, count) -> sums.merge(project, count, Long::sum));
      }
    });
    List<HomePage.Downloaded> all = new ArrayList<>(sums.size());
    sums.forEach((project, count) -> all.add(new HomePage.Downloaded(project, count)));
    all.sort(Comparator.comparingLong(HomePage.Downloaded::downloads).reversed()
        .thenComparing(HomePage.Downloaded::normalized));
    top = List.copyOf(all.subList(0, Math.min(n, all.size())));
    topAt = System.nanoTime();
    topKnown = true;
    return top;
  }

  /** The saved days before today within {@link #DAYS}, read again where their file changed. */
  private Map<LocalDate, Day> refresh(LocalDate today) {
    Optional<Path> directory = counter.daysDirectory();
    if (directory.isEmpty()) {
      return saved;
    }
    LocalDate earliest = today.minusDays(DAYS - 1);
    Map<LocalDate, Path> files = new HashMap<>();
    try (Stream<Path> list = Files.list(directory.get())) {
      list.forEach(p -> day(p).filter(d -> !d.isBefore(earliest) && d.isBefore(today)).ifPresent(d -> files.put(d, p)));
    } catch (IOException e) {
      log.warn("cannot list the download counts in {}: {}", directory.get(), e.getMessage());
      return saved;
    }
    saved.keySet().retainAll(files.keySet());
    files.forEach((day, file) -> {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || a.size() > MAX_DAY_BYTES) {
          saved.remove(day);
          return;
        }
        Day known = saved.get(day);
        if (known == null || known.size() != a.size() || known.modified() != a.lastModifiedTime().toMillis()) {
          saved.put(day, new Day(a.size(), a.lastModifiedTime().toMillis(), DownloadCounter.read(file)));
        }
      } catch (IOException e) {
        log.warn("cannot read the download counts in {}: {}", file, e.getMessage());
        saved.remove(day);
      }
    });
    return saved;
  }

  private static Optional<LocalDate> day(Path file) {
    try {
      return Optional.of(LocalDate.parse(file.getFileName().toString()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

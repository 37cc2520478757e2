package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.ui.HomePage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadHistoryTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsSavedDaysWithinTheWindowAndTodayFromMemory(@TempDir Path stats) throws Exception {
    Path days = Files.createDirectories(stats.resolve("days"));
    Files.writeString(days.resolve(TODAY.minusDays(1).toString()), "foo 4\nbar 1\nnot a line\n");
    Files.writeString(days.resolve(TODAY.minusDays(40).toString()), "foo 100\n");
    Files.writeString(days.resolve(TODAY.minusDays(89).toString()), "foo 2\n");
    Files.writeString(days.resolve(TODAY.minusDays(90).toString()), "foo 1000\n");
    Files.writeString(days.resolve("notes.txt"), "foo 5000\n");
    Files.createDirectories(days.resolve(TODAY.minusDays(2).toString()));
    DownloadCounter counter = new DownloadCounter(Optional.of(stats), CLOCK);
    counter.count("foo-1.0-py3-none-any.whl");
    counter.count("Foo-1.0.tar.gz");
    DownloadHistory history = new DownloadHistory(counter);

    assertThat(history.firstDay()).isEqualTo(TODAY.minusDays(89));
    assertThat(history.daily("foo", history.firstDay())).containsExactly(Map.entry(TODAY.minusDays(89), 2L),
        Map.entry(TODAY.minusDays(40), 100L), Map.entry(TODAY.minusDays(1), 4L), Map.entry(TODAY, 2L));
    assertThat(history.daily("foo", TODAY.minusDays(1))).containsOnlyKeys(TODAY.minusDays(1), TODAY);
    // Over the last 30 days: foo 4 + 2, bar 1; day 40's hundred is too old.
    assertThat(history.top(10)).containsExactly(new HomePage.Downloaded("foo", 6), new HomePage.Downloaded("bar", 1));

    Files.writeString(days.resolve(TODAY.minusDays(1).toString()), "foo 9\n");
    assertThat(history.daily("foo", TODAY.minusDays(1))).containsEntry(TODAY.minusDays(1), 9L);
  }

  @Test
  void withoutAStatsDirectoryOnlyTodaysCountsInMemoryAreKnown() throws Exception {
    DownloadCounter counter = new DownloadCounter(Optional.empty(), CLOCK);
    counter.count("foo-1.0-py3-none-any.whl");
    DownloadHistory history = new DownloadHistory(counter);
    assertThat(history.firstDay()).isEqualTo(TODAY);
    assertThat(history.daily("foo", TODAY)).containsExactly(Map.entry(TODAY, 1L));
    assertThat(history.daily("bar", TODAY)).isEmpty();
  }
}

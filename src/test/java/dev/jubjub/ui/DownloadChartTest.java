package dev.jubjub.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DownloadChartTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 30);

  private static long count(String svg, String regex) {
    return Pattern.compile(regex).matcher(svg).results().count();
  }

  @Test
  void withoutDownloadsTheAxesStandAndSaySo() {
    String svg = DownloadChart.svg(DAY, DAY, Map.of());
    assertThat(svg).startsWith("<svg class=\"chart\"").endsWith("</svg>\n")
        .contains("No downloads recorded", ">2026-11-30</text>", "0 in all", "data-count=\"0\"");
    assertThat(count(svg, "<rect class=\"day\"")).isOne();
    SafeHtml.check(svg);
  }

  @Test
  void oneDayIsOneBarAsTallAsThePlot() {
    String svg = DownloadChart.svg(DAY, DAY, Map.of(DAY, 7L));
    assertThat(count(svg, "<rect class=\"day\"")).isOne();
    assertThat(svg).contains("data-date=\"2026-11-30\" data-count=\"7\"", "<title>2026-11-30: 7 downloads</title>",
        ">8</text>", ">0</text>").doesNotContain("No downloads");
  }

  @Test
  void aBarStaysNarrowWhenTheChartHasOnlyADayOrTwo() {
    for (LocalDate from : List.of(DAY, DAY.minusDays(1))) {
      String svg = DownloadChart.svg(from, DAY, Map.of(DAY, 7L));
      List<Double> widths = Pattern.compile("<rect class=\"day\" x=\"[\\d.]+\" y=\"[\\d.]+\" width=\"([\\d.]+)\"")
          .matcher(svg).results().map(m -> Double.parseDouble(m.group(1))).toList();
      assertThat(widths).isNotEmpty().allSatisfy(w -> assertThat(w).isPositive().isLessThanOrEqualTo(
          DownloadChart.MAX_BAR_WIDTH));
    }
    // Ninety days still fill the plot, each bar most of its slot.
    String wide = DownloadChart.svg(DAY.minusDays(89), DAY, Map.of(DAY, 7L));
    assertThat(wide).contains("width=\"5.8\"");
  }

  @Test
  void manyDaysHaveABarEachRoundAxisStepsAndFewDateLabels() {
    Map<LocalDate, Long> counts = new HashMap<>();
    LocalDate from = DAY.minusDays(89);
    for (int i = 0; i < 90; i += 3) {
      counts.put(from.plusDays(i), (long) i * 37);
    }
    String svg = DownloadChart.svg(from, DAY, counts);
    assertThat(count(svg, "<rect class=\"day\"")).isEqualTo(90);
    assertThat(count(svg, "text-anchor=\"middle\" fill=\"#555\">\\d{4}-\\d{2}-\\d{2}<")).isBetween(5L, 6L);
    assertThat(svg).contains(">" + from + "</text>", ">1000</text>", ">4000</text>", "data-count=\"3219\"",
        "<title>" + DAY.minusDays(1) + ": 0 downloads</title>");
    assertThat(svg).doesNotContain("NaN", "Infinity");
  }

  @Test
  void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(DownloadChart.step(0)).isEqualTo(1);
    assertThat(DownloadChart.step(5)).isEqualTo(1);
    assertThat(DownloadChart.step(7)).isEqualTo(2);
    assertThat(DownloadChart.step(24)).isEqualTo(5);
    assertThat(DownloadChart.step(3219)).isEqualTo(1000);
    assertThat(DownloadChart.step(Long.MAX_VALUE)).isPositive();
    assertThatThrownBy(() -> DownloadChart.svg(DAY, DAY.minusDays(1), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.jubjub.ui;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * A project's daily downloads as an inline SVG bar chart drawn on the server: one bar per day
 * (with its date and count as a tooltip), a count axis with round steps, dates along the bottom.
 * Needs no script and no font or style sheet from elsewhere.
 */
public final class DownloadChart {
  static final int WIDTH = 720;
  static final int HEIGHT = 240;
  private static final int LEFT = 56;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 40;
  /**
   * The widest a bar gets: a mirror counting for a day or two would otherwise draw one slab across
   * the whole plot, which reads as a full chart rather than a first day.
   */
  static final double MAX_BAR_WIDTH = 24;
  /** At most this many date labels, so they never overlap. */
  private static final int DATE_LABELS = 6;

  private DownloadChart() {}

  /**
   * The chart of the days {@code from} to {@code to} (inclusive); days missing from {@code counts}
   * had no downloads.
   */
  public static String svg(LocalDate from, LocalDate to, Map<LocalDate, Long> counts) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("the chart ends (" + to + ") before it begins (" + from + ")");
    }
    int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
    long max = 0;
    long total = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      long n = counts.getOrDefault(d, 0L);
      max = Math.max(max, n);
      total += n;
    }
    long step = step(max);
    long top = Math.max(step, (max + step - 1) / step * step);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double slot = plotWidth / days;
    StringBuilder out = new StringBuilder(4096 + days * 160);
    out.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
        .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"Downloads per day from ").append(from).append(" to ").append(to)
        .append(": ").append(total).append(" in all\">\n");
    for (long v = 0; v <= top; v += step) {
      double y = TOP + plotHeight - plotHeight * v / top;
      out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(num(y))
          .append("\" y2=\"").append(num(y)).append("\" stroke=\"").append(v == 0 ? "#888" : "#e4e4e4").append("\"/>\n");
      out.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4))
          .append("\" text-anchor=\"end\" fill=\"#555\">").append(v).append("</text>\n");
    }
    out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
        .append("\" y2=\"").append(num(TOP + plotHeight)).append("\" stroke=\"#888\"/>\n");
    int every = Math.max(1, (days + DATE_LABELS - 1) / DATE_LABELS);
    int i = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1), i++) {
      long n = counts.getOrDefault(d, 0L);
      double x = LEFT + slot * i;
      double h = plotHeight * n / top;
      double barWidth = Math.min(MAX_BAR_WIDTH, Math.max(1, slot * 0.8));
      out.append("<rect class=\"day\" x=\"").append(num(x + (slot - barWidth) / 2)).append("\" y=\"")
          .append(num(TOP + plotHeight - h)).append("\" width=\"").append(num(barWidth)).append("\" height=\"")
          .append(num(h)).append("\" fill=\"#3572b0\" data-date=\"").append(d).append("\" data-count=\"").append(n)
          .append("\"><title>").append(d).append(": ").append(n).append(n == 1 ? " download" : " downloads")
          .append("</title></rect>\n");
      if (i % every == 0) {
        double cx = x + slot / 2;
        out.append("<line x1=\"").append(num(cx)).append("\" x2=\"").append(num(cx)).append("\" y1=\"")
            .append(num(TOP + plotHeight)).append("\" y2=\"").append(num(TOP + plotHeight + 4))
            .append("\" stroke=\"#888\"/>\n<text x=\"").append(num(cx)).append("\" y=\"")
            .append(num(TOP + plotHeight + 18)).append("\" text-anchor=\"middle\" fill=\"#555\">").append(d)
            .append("</text>\n");
      }
    }
    if (total == 0) {
      out.append("<text x=\"").append(num(LEFT + plotWidth / 2)).append("\" y=\"").append(num(TOP + plotHeight / 2))
          .append("\" text-anchor=\"middle\" fill=\"#555\">No downloads recorded</text>\n");
    }
    return out.append("</svg>\n").toString();
  }

  /** A round step (1, 2 or 5 times a power of ten) that divides the axis into at most 5 parts. */
  static long step(long max) {
    long step = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        if (max <= step * m * 5) {
          return step * m;
        }
      }
      if (step > Long.MAX_VALUE / 100) {
        return step * 10;
      }
      step *= 10;
    }
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}

package dev.jubjub.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code /}: the search box, the mirror's state and its most downloaded projects. */
public final class HomePage {
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private HomePage() {}

  /**
   * What the home page shows of the mirror; empty values are not known (yet).
   *
   * @param lastRun the last {@code mirror} or {@code sync} run's report, if there is one
   * @param projects the projects in the root index; files and bytes those under {@code web/packages}
   * @param counted when files and bytes were counted
   */
  public record State(
      Instant now, OptionalLong serial, Optional<Instant> lastSuccess, Optional<Run> lastRun,
      OptionalLong projects, OptionalLong files, OptionalLong bytes, Optional<Instant> counted) {
    public State {
      Objects.requireNonNull(now, "now");
    }
  }

  /** The last run: command, when it finished, whether it succeeded, and the projects that failed. */
  public record Run(String command, Instant finished, boolean ok, long failedProjects, List<String> failures,
      Optional<String> error) {
    public Run {
      failures = List.copyOf(failures);
    }
  }

  /** A project and its downloads over the period the list covers. */
  public record Downloaded(String normalized, long downloads) {}

  /**
   * @param top the most downloaded projects, most first, over the last {@code days} days
   */
  public static byte[] html(State state, List<Downloaded> top, int days) {
    StringBuilder out = Layout.begin("", "");
    out.append("<h1>PyPI mirror</h1>\n<p>Search the projects of this mirror by name, summary, keywords,")
        .append(" classifiers and description, or install from <code>/simple/</code> with pip.</p>\n");
    out.append("<h2>Mirror</h2>\n<table class=\"state\">\n");
    row(out, "Serial", state.serial().isPresent() ? Long.toString(state.serial().getAsLong()) : null);
    row(out, "Last successful sync", state.lastSuccess()
        .map(t -> SECOND.format(t) + " (" + age(Duration.between(t, state.now())) + " ago)").orElse(null));
    state.lastRun().ifPresent(run -> {
      row(out, "Last run", run.command() + ", finished " + SECOND.format(run.finished()) + " ("
          + age(Duration.between(run.finished(), state.now())) + " ago): " + (run.ok() ? "ok" : "failed"));
      row(out, "Failures of the last run", run.failedProjects() == 0 ? "none"
          : run.failedProjects() + (run.failedProjects() == 1 ? " project" : " projects"));
    });
    row(out, "Projects", number(state.projects()));
    row(out, "Files", number(state.files()));
    row(out, "Size", state.bytes().isPresent() ? Markup.size(state.bytes().getAsLong()) : null);
    out.append("</table>\n");
    state.lastRun().ifPresent(run -> failures(out, run));
    state.counted().ifPresent(t -> out.append("<p class=\"meta\">Files counted ").append(SECOND.format(t))
        .append(".</p>\n"));
    out.append("<h2>Most downloaded, last ").append(days).append(" days</h2>\n");
    if (top.isEmpty()) {
      out.append("<p class=\"meta\">No downloads recorded yet.</p>\n");
    } else {
      out.append("<ol class=\"top\">\n");
      for (Downloaded d : top) {
        out.append("<li><a href=\"/project/").append(Markup.escape(d.normalized())).append("/\">")
            .append(Markup.escape(d.normalized())).append("</a> <span class=\"count\">").append(d.downloads())
            .append(d.downloads() == 1 ? " download" : " downloads").append("</span></li>\n");
      }
      out.append("</ol>\n");
    }
    return Layout.end(out);
  }

  private static void failures(StringBuilder out, Run run) {
    if (run.error().isEmpty() && run.failures().isEmpty()) {
      return;
    }
    out.append("<details class=\"failures\"><summary>Why the last run failed</summary>\n<ul>\n");
    run.error().ifPresent(e -> out.append("<li>").append(Markup.escape(e)).append("</li>\n"));
    run.failures().forEach(f -> out.append("<li>").append(Markup.escape(f)).append("</li>\n"));
    out.append("</ul></details>\n");
  }

  private static void row(StringBuilder out, String label, String value) {
    out.append("<tr><th>").append(label).append("</th><td>")
        .append(value == null ? "<span class=\"meta\">not known yet</span>" : Markup.escape(value))
        .append("</td></tr>\n");
  }

  private static String number(OptionalLong n) {
    return n.isPresent() ? String.format(java.util.Locale.ROOT, "%,d", n.getAsLong()) : null;
  }

  /** {@code 42 s}, {@code 5 min}, {@code 3 h 20 min}, {@code 2 d 4 h}. */
  static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    if (s < 86400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86400 + " d " + s % 86400 / 3600 + " h";
  }
}

package dev.jubjub.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.index.DatedFiles;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A dated snapshot, {@code /snapshot/<YYYY-MM-DD>/...}: the index with only the files uploaded by
 * the end of that day in UTC. A day not over yet (today, or later) is the index as it is now.
 *
 * @param end the first instant after the day
 * @param past whether the day was over when asked: its pages change only when upstream deletes
 *     files (or a run catches up), so they may be cached longer
 */
record Snapshot(LocalDate date, Instant end, boolean past) {
  static final String PREFIX = "/snapshot/";
  /** For a day that is over: what a page can still change by is rare, but a deletion must reach clients. */
  static final String PAST_CACHE = "max-age=600, public";
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** The snapshot of a {@code YYYY-MM-DD} date; empty when it is not one. */
  static Optional<Snapshot> of(String text, Instant now) {
    if (!DATE.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      LocalDate date = LocalDate.parse(text);
      Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      return Optional.of(new Snapshot(date, end, !end.isAfter(now)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static String invalid(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return "Bad Request: invalid snapshot date '" + dev.jubjub.pypi.ProjectName.printable(shown)
        + "': expected /snapshot/YYYY-MM-DD/simple/ (a day in UTC, such as 2026-06-01)";
  }

  String cacheControl() {
    return past ? PAST_CACHE : Pages.PAGE_CACHE;
  }

  /**
   * A JSON API copy as of the end of the day (see {@link DatedFiles#keepFiles}); null when no file
   * of the project had been uploaded by then.
   */
  JsonNode copyAsOf(JsonNode root) {
    JsonNode copy = DatedFiles.keepFiles(root, file -> DatedFiles.uploadedBefore(uploadTime(file), end));
    for (JsonNode files : copy.path("releases")) {
      if (!files.isEmpty()) {
        return copy;
      }
    }
    return null;
  }

  /** PyPI gives {@code upload_time_iso_8601}, and {@code upload_time} (UTC, without a zone). */
  private static String uploadTime(JsonNode file) {
    String iso = file.path("upload_time_iso_8601").asText("");
    return iso.isEmpty() ? file.path("upload_time").asText("") : iso;
  }
}

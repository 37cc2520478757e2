package dev.jubjub.cli;

import dev.jubjub.sync.SyncStats;
import java.io.PrintStream;
import java.util.List;

/** The one-screen report at the end of a run. */
final class Summary {
  private static final int MAX_FAILURES_SHOWN = 15;

  private Summary() {}

  static void print(String command, SyncStats s, PrintStream out) {
    double seconds = Math.max(s.elapsedSeconds(), 0.001);
    out.printf("jubjub %s finished in %.1f s%n", command, s.elapsedSeconds());
    out.printf("  projects: %d synced of %d, %d removed%n", s.projectsDone() - s.failures().size(), s.projectsTotal(), s.projectsRemoved());
    out.printf(
        "  files:    %d downloaded%s (%s, %.1f files/s, %s/s), %d already present, %d deleted%n",
        s.filesDownloaded(),
        s.metadataDownloaded() == 0 ? "" : " and " + s.metadataDownloaded() + " core metadata files",
        bytes(s.bytesDownloaded()),
        s.filesDownloaded() / seconds,
        bytes((long) (s.bytesDownloaded() / seconds)),
        s.filesCurrent(),
        s.filesDeleted());
    List<SyncStats.Failure> failures = s.failures();
    if (failures.isEmpty() && s.refusals().isEmpty()) {
      out.println("  errors:   none");
      return;
    }
    for (String refused : s.refusals()) {
      out.printf("  refused:  %s%n", refused);
    }
    if (failures.isEmpty()) {
      return;
    }
    // A mirror run keeps its failures in todo; a sync of named projects keeps nothing.
    out.printf(
        "  errors:   %d project%s failed (%s):%n",
        failures.size(), failures.size() == 1 ? "" : "s",
        command.equals("mirror") ? "retried on the next run" : "not retried: run the sync again");
    failures.stream()
        .limit(MAX_FAILURES_SHOWN)
        .forEach(f -> out.printf("    %s%n", f.reason()));
    if (failures.size() > MAX_FAILURES_SHOWN) {
      out.printf("    … and %d more (see the log)%n", failures.size() - MAX_FAILURES_SHOWN);
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
    return String.format("%.1f %siB", n / Math.pow(1024, unit), "KMGTPE".charAt(unit - 1));
  }
}

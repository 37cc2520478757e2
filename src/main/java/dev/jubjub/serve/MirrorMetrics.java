package dev.jubjub.serve;

import dev.jubjub.store.LastRun;
import java.time.Instant;
import java.util.Optional;

/**
 * The mirror's own gauges in Prometheus' text format: how current it is and how big. A value that
 * is not known (no report yet, the tree not counted yet) is left out, not given as 0: a 0 would
 * read as "synced in 1970".
 */
final class MirrorMetrics {
  private MirrorMetrics() {}

  static String render(Optional<Freshness.Snapshot> snapshot, Optional<TreeCensus.Totals> totals) {
    StringBuilder out = new StringBuilder();
    Optional<LastRun> run = snapshot.flatMap(Freshness.Snapshot::lastRun);
    gauge(out, "jubjub_mirror_last_success_timestamp_seconds",
        "When the last successful mirror or sync run finished (the status file's time without a run report).",
        snapshot.flatMap(Freshness.Snapshot::lastSuccess).map(MirrorMetrics::seconds));
    gauge(out, "jubjub_mirror_last_run_timestamp_seconds", "When the last mirror or sync run finished.",
        run.map(r -> seconds(r.finished())));
    gauge(out, "jubjub_mirror_last_run_ok", "1 if the last mirror or sync run succeeded, else 0.",
        run.map(r -> r.ok() ? "1" : "0"));
    gauge(out, "jubjub_mirror_last_run_failed_projects", "Projects the last mirror or sync run failed to sync.",
        run.map(r -> Long.toString(r.counts().projectsFailed())));
    gauge(out, "jubjub_mirror_serial", "The mirror's serial (its status file).",
        snapshot.flatMap(s -> s.serial().isPresent() ? Optional.of(Long.toString(s.serial().getAsLong())) : Optional.empty()));
    gauge(out, "jubjub_mirror_upstream_serial", "The highest serial upstream listed at the last run.",
        run.flatMap(r -> r.upstreamSerial().isPresent()
            ? Optional.of(Long.toString(r.upstreamSerial().getAsLong())) : Optional.empty()));
    gauge(out, "jubjub_mirror_files", "Files under web/packages (distributions and core metadata), at the last count.",
        totals.map(t -> Long.toString(t.files())));
    gauge(out, "jubjub_mirror_bytes", "Bytes of the files under web/packages, at the last count.",
        totals.map(t -> Long.toString(t.bytes())));
    gauge(out, "jubjub_mirror_tree_scan_timestamp_seconds", "When the files under web/packages were last counted.",
        totals.map(t -> seconds(t.scanned())));
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, Optional<String> value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" gauge\n");
    value.ifPresent(v -> out.append(name).append(' ').append(v).append('\n'));
  }

  private static String seconds(Instant t) {
    return t.getEpochSecond() + "." + String.format("%03d", t.getNano() / 1_000_000);
  }
}

package dev.jubjub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.store.LastRun;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageFactory;
import dev.jubjub.sync.SyncOptions;
import dev.jubjub.sync.MirrorStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jubjub status}: what the mirror holds and how its last run went, read from the tree. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Print the mirror's serial, its last run, its projects, files and bytes, and what the filters"
        + " leave out (counting the files walks the tree).")
final class StatusCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  @Mixin CommonOptions common;

  @Option(names = "--json", description = "the same as one JSON object, for scripts")
  boolean json;

  @Override
  public Integer call() {
    return common.configured("status", cfg -> {
      try (Storage storage = StorageFactory.openForServing(cfg, new ArrayList<>())) {
        return show(storage, CommonOptions.syncOptions(cfg));
      }
    });
  }

  /** Read-only storage (as serve opens it): status changes nothing, creates nothing, takes no lock. */
  private int show(Storage storage, SyncOptions options) throws Exception {
    if (storage.stat(MirrorLayout.STATUS).isEmpty() && storage.list(MirrorLayout.WEB).isEmpty()
        && storage.stat(MirrorLayout.LAST_RUN).isEmpty()) {
      System.err.println("jubjub: " + storage.describe("") + " holds no mirror yet (no status, no web/, no run"
          + " report): check 'directory' in the config, or run jubjub mirror");
      return ExitCodes.USAGE;
    }
    MirrorStatus status = MirrorStatus.read(storage, options);
    Optional<LastRun> last;
    String unreadable = null;
    try {
      last = LastRun.read(storage);
    } catch (LastRun.UnreadableException e) {
      last = Optional.empty();
      unreadable = e.getMessage();
    }
    String filters = String.join(", ", options.filters().enabled());
    if (json) {
      System.out.println(asJson(storage.describe(""), status, last, filters));
      return ExitCodes.OK;
    }
    Instant now = Instant.now();
    System.out.printf("jubjub status of %s%n", storage.describe(""));
    System.out.printf("  serial:       %d%s%n", status.serial(), last.flatMap(r -> r.upstreamSerial().isPresent()
        ? Optional.of(" (upstream said " + r.upstreamSerial().getAsLong() + " at the last run)") : Optional.empty())
        .orElse(""));
    if (last.isPresent()) {
      LastRun r = last.get();
      System.out.printf("  last run:     %s %s, finished %s (%s ago), exit %d: %d projects synced, %d removed, %d"
              + " failed; %d files (%s) downloaded%n", r.command(), r.ok() ? "ok" : "FAILED", WHEN.format(r.finished()),
          age(r.finished(), now), r.exitCode(), r.counts().projectsSynced(), r.counts().projectsRemoved(),
          r.counts().projectsFailed(), r.counts().filesDownloaded(), Summary.bytes(r.counts().bytesDownloaded()));
      r.error().ifPresent(e -> System.out.printf("                %s%n", e));
      r.failures().stream().limit(5).forEach(f -> System.out.printf("                %s%n", f.reason()));
      System.out.printf("  last success: %s%n", r.lastSuccess()
          .map(t -> WHEN.format(t) + " (" + age(t, now) + " ago)").orElse("none recorded"));
    } else {
      System.out.printf("  last run:     %s%n", unreadable != null ? "report unreadable: " + unreadable
          : "no report (a tree written by bandersnatch, or before jubjub's first run)");
    }
    if (status.todo() > 0) {
      System.out.printf("  unfinished:   %d projects left for the next run (towards serial %d)%n", status.todo(),
          status.todoTarget().orElse(0));
    }
    System.out.printf("  projects:     %d%n", status.projects());
    System.out.printf("  files:        %d package files, %s; %d core metadata files, %s%n", status.files(),
        Summary.bytes(status.bytes()), status.metadataFiles(), Summary.bytes(status.metadataBytes()));
    System.out.printf("  filters:      %s%n", filters.isEmpty() ? "none (the whole index is mirrored)"
        : filters + "; " + status.skipped() + " listed projects left out by metadata filters or without JSON");
    return ExitCodes.OK;
  }

  private static String asJson(String mirror, MirrorStatus s, Optional<LastRun> last, String filters) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("mirror", mirror);
    root.put("serial", s.serial());
    last.flatMap(r -> r.upstreamSerial().isPresent() ? Optional.of(r.upstreamSerial().getAsLong()) : Optional.empty())
        .ifPresent(u -> root.put("upstream_serial", u));
    root.put("projects", s.projects());
    root.put("files", s.files());
    root.put("bytes", s.bytes());
    root.put("metadata_files", s.metadataFiles());
    root.put("metadata_bytes", s.metadataBytes());
    root.put("unfinished_projects", s.todo());
    root.put("filters", filters);
    root.put("left_out_projects", s.skipped());
    last.ifPresent(r -> {
      root.put("last_run_command", r.command());
      root.put("last_run_ok", r.ok());
      root.put("last_run_finished", r.finished().toString());
      root.put("last_run_exit_code", r.exitCode());
      root.put("last_run_failed_projects", r.counts().projectsFailed());
      root.put("last_run_error", r.error().orElse(null));
      root.put("last_success", r.lastSuccess().map(Instant::toString).orElse(null));
    });
    return root.toPrettyString();
  }

  /** "3 h 12 min", "45 s": how long ago, roughly. */
  static String age(Instant then, Instant now) {
    Duration d = Duration.between(then, now);
    if (d.isNegative()) {
      return "0 s";
    }
    if (d.toDays() > 0) {
      return d.toDays() + " d " + d.toHoursPart() + " h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}

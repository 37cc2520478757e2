package dev.jubjub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.store.LastRun;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import dev.jubjub.sync.MirrorStatus;
import dev.jubjub.sync.SyncStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes {@link MirrorLayout#LAST_RUN} at the end of a {@code mirror} or {@code sync} run, failed
 * ones included, for monitoring ({@code serve}'s /health and /metrics, {@code jubjub status}, a
 * script): what the run did, and when the mirror last completed a {@code mirror} run. Only a
 * successful {@code mirror} moves {@code last_success}: a {@code sync} of a few projects says
 * nothing of how fresh the rest is.
 */
final class RunReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String command;
  private final Storage storage;
  private final Instant started = Instant.now();
  private final Optional<Instant> lastSuccess;

  RunReport(String command, Storage storage) {
    this.command = command;
    this.storage = storage;
    this.lastSuccess = previousSuccess(storage);
  }

  /**
   * Writes the report; a failure to do so is a warning, never the run's failure.
   *
   * @param error why the run failed as a whole, or null
   */
  void write(int exitCode, SyncStats stats, String error) {
    Instant finished = Instant.now();
    boolean ok = exitCode == ExitCodes.OK;
    ObjectNode root = JSON.createObjectNode();
    root.put("version", LastRun.VERSION);
    root.put("command", command);
    root.put("started", started.toString());
    root.put("finished", finished.toString());
    root.put("result", ok ? "ok" : "failed");
    root.put("exit_code", exitCode);
    serial(root, "serial", localSerial());
    serial(root, "upstream_serial", stats.upstreamSerial());
    ObjectNode projects = root.putObject("projects");
    projects.put("synced", Math.max(0, stats.projectsDone() - stats.failures().size()));
    projects.put("removed", stats.projectsRemoved());
    projects.put("failed", stats.failures().size());
    ObjectNode files = root.putObject("files");
    files.put("downloaded", stats.filesDownloaded());
    files.put("removed", stats.filesDeleted());
    root.putObject("bytes").put("downloaded", stats.bytesDownloaded());
    ArrayNode failures = root.putArray("failures");
    stats.failures().stream().limit(LastRun.MAX_FAILURES)
        .forEach(f -> failures.addObject().put("project", f.project()).put("reason", f.reason()));
    Optional<Instant> success = ok && command.equals("mirror") ? Optional.of(finished) : lastSuccess;
    root.put("last_success", success.map(Instant::toString).orElse(null));
    String why = error != null ? error : stats.refusals().isEmpty() ? null : String.join("; ", stats.refusals());
    root.put("error", why);
    try (Storage.PendingFile out = storage.create(MirrorLayout.LAST_RUN)) {
      out.stream().write((JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
          .getBytes(StandardCharsets.UTF_8));
      out.commit();
    } catch (IOException | RuntimeException e) {
      CommonOptions.log().warn("Cannot write the run report {}: {}", storage.describe(MirrorLayout.LAST_RUN),
          CommonOptions.withReason(e instanceof IOException io ? io : new IOException(e)));
    }
  }

  private static void serial(ObjectNode root, String field, OptionalLong serial) {
    if (serial.isPresent()) {
      root.put(field, serial.getAsLong());
    } else {
      root.putNull(field);
    }
  }

  private OptionalLong localSerial() {
    try {
      return MirrorStatus.serial(storage);
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** The last successful mirror run an earlier report names; none when there is no readable one. */
  private static Optional<Instant> previousSuccess(Storage storage) {
    try {
      return LastRun.read(storage).flatMap(LastRun::lastSuccess);
    } catch (IOException | LastRun.UnreadableException | RuntimeException e) {
      return Optional.empty();
    }
  }
}

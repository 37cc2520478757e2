package dev.jubjub.cli;

import com.fasterxml.jackson.core.JsonGenerator;
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
    Optional<Instant> success = ok && command.equals("mirror") ? Optional.of(finished) : lastSuccess;
    String why = error != null ? error : stats.refusals().isEmpty() ? null : String.join("; ", stats.refusals());
    java.io.StringWriter text = new java.io.StringWriter();
    try (JsonGenerator g = LastRun.JSON.createGenerator(text).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeNumberField("version", LastRun.VERSION);
      g.writeStringField("command", command);
      g.writeStringField("started", started.toString());
      g.writeStringField("finished", finished.toString());
      g.writeStringField("result", ok ? "ok" : "failed");
      g.writeNumberField("exit_code", exitCode);
      serial(g, "serial", localSerial());
      serial(g, "upstream_serial", stats.upstreamSerial());
      g.writeObjectFieldStart("projects");
      g.writeNumberField("synced", Math.max(0, stats.projectsDone() - stats.failures().size()));
      g.writeNumberField("removed", stats.projectsRemoved());
      g.writeNumberField("failed", stats.failures().size());
      g.writeEndObject();
      g.writeObjectFieldStart("files");
      g.writeNumberField("downloaded", stats.filesDownloaded());
      g.writeNumberField("removed", stats.filesDeleted());
      g.writeEndObject();
      g.writeObjectFieldStart("bytes");
      g.writeNumberField("downloaded", stats.bytesDownloaded());
      g.writeEndObject();
      g.writeArrayFieldStart("failures");
      for (var f : stats.failures().stream().limit(LastRun.MAX_FAILURES).toList()) {
        g.writeStartObject();
        g.writeStringField("project", f.project());
        g.writeStringField("reason", f.reason());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("last_success", success.map(Instant::toString).orElse(null));
      g.writeStringField("error", why);
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
    }
    try (Storage.PendingFile out = storage.create(MirrorLayout.LAST_RUN)) {
      out.stream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
      out.commit();
    } catch (IOException | RuntimeException e) {
      CommonOptions.log().warn("Cannot write the run report {}: {}", storage.describe(MirrorLayout.LAST_RUN),
          CommonOptions.withReason(e instanceof IOException io ? io : new IOException(e)));
    }
  }

  private static void serial(JsonGenerator g, String field, OptionalLong serial) throws IOException {
    if (serial.isPresent()) {
      g.writeNumberField(field, serial.getAsLong());
    } else {
      g.writeNullField(field);
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

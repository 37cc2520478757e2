package dev.jubjub.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The report a {@code mirror} or {@code sync} run leaves at {@link MirrorLayout#LAST_RUN}
 * (version 1): what it did and when the last successful run finished. Here, below sync and serve,
 * because sync writes it and serve reads it for {@code /health} and {@code /metrics}.
 *
 * @param serial the local serial after the run, if any
 * @param upstreamSerial the highest serial upstream's listing gave, if the run got one
 * @param lastSuccess when the last run whose result was ok finished: this one, or one before it
 * @param failures at most {@link #MAX_FAILURES}, even when more projects failed
 * @param error why a run failed as a whole (upstream unreachable, storage failure, a refused
 *     removal), as its one line on stderr said; empty for a run that succeeded or where only
 *     projects failed
 */
public record LastRun(
    String command,
    Instant started,
    Instant finished,
    boolean ok,
    int exitCode,
    OptionalLong serial,
    OptionalLong upstreamSerial,
    Counts counts,
    List<Failure> failures,
    Optional<Instant> lastSuccess,
    Optional<String> error) {
  public static final int VERSION = 1;
  public static final int MAX_FAILURES = 100;
  /** 100 failures of a few hundred bytes each fit many times over. */
  static final long MAX_BYTES = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  public LastRun {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(error, "error");
    failures = List.copyOf(failures);
    if (failures.size() > MAX_FAILURES) {
      throw new IllegalArgumentException(failures.size() + " failures; a report keeps at most " + MAX_FAILURES);
    }
  }

  /** The numbers of a run: projects synced, removed and failed; files downloaded and removed; bytes downloaded. */
  public record Counts(
      long projectsSynced, long projectsRemoved, long projectsFailed, long filesDownloaded, long filesRemoved,
      long bytesDownloaded) {}

  public record Failure(String project, String reason) {}

  /** A report that is not version 1 JSON with the fields a reader needs. */
  public static final class UnreadableException extends Exception {
    UnreadableException(String message) {
      super(message);
    }
  }

  /**
   * The report in {@code storage}, or empty when there is none (a tree made by bandersnatch, or
   * before the first run).
   *
   * @throws UnreadableException when it is there but cannot be read as a report
   */
  public static Optional<LastRun> read(Storage storage) throws IOException, UnreadableException {
    // A planted FIFO, device, directory or link (to /dev/zero, or out of the tree) must not hang
    // or exhaust a reader, nor show what it leads to: a report is a small regular file or nothing.
    Optional<java.nio.file.Path> local = storage.localRoot().map(root -> root.resolve(MirrorLayout.LAST_RUN));
    if (local.isPresent()) {
      java.nio.file.Path file = local.get();
      if (!java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      if (!java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new UnreadableException("not a regular file");
      }
    }
    Optional<Storage.FileInfo> info = storage.stat(MirrorLayout.LAST_RUN);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    if (info.get().size() > MAX_BYTES) {
      throw new UnreadableException(info.get().size() + " bytes, more than a report's " + MAX_BYTES);
    }
    Optional<byte[]> bytes = storage.readIfExists(MirrorLayout.LAST_RUN);
    return bytes.isEmpty() ? Optional.empty() : Optional.of(parse(bytes.get()));
  }

  public static LastRun parse(byte[] json) throws UnreadableException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new UnreadableException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UnreadableException("not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UnreadableException("not a JSON object");
    }
    if (root.path("version").asInt(-1) != VERSION) {
      throw new UnreadableException("version " + root.path("version") + ", expected " + VERSION);
    }
    String result = text(root, "result");
    if (!result.equals("ok") && !result.equals("failed")) {
      throw new UnreadableException("result \"" + result + "\", expected ok or failed");
    }
    List<Failure> failures = new ArrayList<>();
    for (JsonNode f : root.path("failures")) {
      if (failures.size() < MAX_FAILURES) {
        failures.add(new Failure(f.path("project").asText(""), f.path("reason").asText("")));
      }
    }
    JsonNode lastSuccess = root.path("last_success");
    return new LastRun(
        text(root, "command"),
        instant(root, "started"),
        instant(root, "finished"),
        result.equals("ok"),
        root.path("exit_code").asInt(),
        serial(root.path("serial")),
        serial(root.path("upstream_serial")),
        new Counts(
            root.path("projects").path("synced").asLong(),
            root.path("projects").path("removed").asLong(),
            root.path("projects").path("failed").asLong(),
            root.path("files").path("downloaded").asLong(),
            root.path("files").path("removed").asLong(),
            root.path("bytes").path("downloaded").asLong()),
        failures,
        lastSuccess.isNull() || lastSuccess.isMissingNode()
            ? Optional.empty() : Optional.of(instant(root, "last_success")),
        root.path("error").isTextual() ? Optional.of(root.path("error").asText()) : Optional.empty());
  }

  private static String text(JsonNode root, String field) throws UnreadableException {
    JsonNode node = root.path(field);
    if (!node.isTextual()) {
      throw new UnreadableException("no text field \"" + field + "\"");
    }
    return node.asText();
  }

  private static Instant instant(JsonNode root, String field) throws UnreadableException {
    String value = text(root, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new UnreadableException(field + " \"" + value + "\" is not an ISO-8601 UTC time");
    }
  }

  private static OptionalLong serial(JsonNode node) throws UnreadableException {
    if (node.isNull() || node.isMissingNode()) {
      return OptionalLong.empty();
    }
    if (!node.canConvertToLong() || !node.isIntegralNumber()) {
      throw new UnreadableException("serial " + node + " is not an integer");
    }
    return OptionalLong.of(node.asLong());
  }
}

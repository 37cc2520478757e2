package dev.jubjub.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  /** jackson-core only: reading and writing a report needs no databind. */
  public static final JsonFactory JSON = new JsonFactory();

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
    Object parsed;
    try (JsonParser p = JSON.createParser(json)) {
      parsed = p.nextToken() == null ? null : value(p, 0);
      if (p.nextToken() != null) {
        throw new UnreadableException("not JSON: more after the report");
      }
    } catch (JacksonException e) {
      throw new UnreadableException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UnreadableException("not JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> root)) {
      throw new UnreadableException("not a JSON object");
    }
    if (!Long.valueOf(VERSION).equals(root.get("version"))) {
      throw new UnreadableException("version " + root.get("version") + ", expected " + VERSION);
    }
    String result = text(root, "result");
    if (!result.equals("ok") && !result.equals("failed")) {
      throw new UnreadableException("result \"" + result + "\", expected ok or failed");
    }
    List<Failure> failures = new ArrayList<>();
    if (root.get("failures") instanceof List<?> list) {
      for (Object f : list) {
        if (failures.size() < MAX_FAILURES && f instanceof Map<?, ?> failure) {
          failures.add(new Failure(string(failure.get("project")), string(failure.get("reason"))));
        }
      }
    }
    Object lastSuccess = root.get("last_success");
    return new LastRun(
        text(root, "command"),
        instant(root, "started"),
        instant(root, "finished"),
        result.equals("ok"),
        (int) number(root.get("exit_code")),
        serial(root.get("serial")),
        serial(root.get("upstream_serial")),
        new Counts(
            number(member(root, "projects", "synced")),
            number(member(root, "projects", "removed")),
            number(member(root, "projects", "failed")),
            number(member(root, "files", "downloaded")),
            number(member(root, "files", "removed")),
            number(member(root, "bytes", "downloaded"))),
        failures,
        lastSuccess == null ? Optional.empty() : Optional.of(instant(root, "last_success")),
        root.get("error") instanceof String error ? Optional.of(error) : Optional.empty());
  }

  /**
   * A JSON value as maps, lists, strings, longs (other numbers as doubles), booleans and nulls:
   * the report is small and flat, and jackson-core alone starts in a fraction of the time its
   * databind takes, which a no-change run felt.
   */
  private static Object value(JsonParser p, int depth) throws IOException, UnreadableException {
    if (depth > 8) {
      throw new UnreadableException("nested deeper than a report is");
    }
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          String name = p.currentName();
          p.nextToken();
          map.put(name, value(p, depth + 1));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          list.add(value(p, depth + 1));
        }
        yield list;
      }
      case VALUE_STRING -> p.getText();
      // Not one conditional expression: it would promote the long to a double.
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          yield (Object) p.getDoubleValue();
        }
        yield (Object) p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> null;
    };
  }

  private static Object member(Map<?, ?> root, String object, String field) {
    return root.get(object) instanceof Map<?, ?> map ? map.get(field) : null;
  }

  private static long number(Object value) {
    return value instanceof Long l ? l : value instanceof Double d ? d.longValue() : 0;
  }

  private static String string(Object value) {
    return value instanceof String s ? s : "";
  }

  private static String text(Map<?, ?> root, String field) throws UnreadableException {
    if (!(root.get(field) instanceof String value)) {
      throw new UnreadableException("no text field \"" + field + "\"");
    }
    return value;
  }

  private static Instant instant(Map<?, ?> root, String field) throws UnreadableException {
    String value = text(root, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new UnreadableException(field + " \"" + value + "\" is not an ISO-8601 UTC time");
    }
  }

  private static OptionalLong serial(Object value) throws UnreadableException {
    if (value == null) {
      return OptionalLong.empty();
    }
    if (!(value instanceof Long serial)) {
      throw new UnreadableException("serial " + value + " is not an integer");
    }
    return OptionalLong.of(serial);
  }
}

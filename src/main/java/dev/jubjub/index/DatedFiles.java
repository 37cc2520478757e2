package dev.jubjub.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.pypi.Version;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Files by their upload time (PEP 700): what a release-age limit or a dated snapshot lets clients
 * see of a project's JSON API copy. A file with no readable upload time counts as old: it was on
 * the index before upstream recorded times, and hiding it for good would hide it forever.
 */
public final class DatedFiles {
  private DatedFiles() {}

  /** An upload time as PyPI writes it ({@code 2026-06-01T12:00:00.123456Z}); empty when absent or unreadable. */
  public static Optional<Instant> uploadTime(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(text + "Z")); // a time without a zone: PyPI's are UTC
      } catch (DateTimeParseException again) {
        return Optional.empty();
      }
    }
  }

  /** Whether a file uploaded at {@code text} was on the index before {@code cutoff}; undated files were. */
  public static boolean uploadedBefore(String text, Instant cutoff) {
    return uploadTime(text).map(t -> t.isBefore(cutoff)).orElse(true);
  }

  /**
   * A copy of a JSON API document with only the file entries {@code keep} accepts. A release that
   * loses all its files goes (a release upstream lists without files stays, as upstream has it).
   * When the release {@code info.version} names goes, {@code info.version}, {@code
   * info.release_url} and {@code urls} name the newest remaining release (final releases first,
   * as PyPI picks), and {@code info.requires_dist} becomes null: the other {@code info} fields
   * still describe upstream's latest release, and its dependencies must not be taken for another
   * release's. With no release left, {@code urls} is empty and {@code info} stays upstream's.
   */
  public static JsonNode keepFiles(JsonNode root, Predicate<JsonNode> keep) {
    JsonNode copy = root.deepCopy();
    if (!(copy instanceof ObjectNode doc) || !(doc.get("releases") instanceof ObjectNode releases)) {
      return copy;
    }
    List<String> emptied = new ArrayList<>();
    for (Map.Entry<String, JsonNode> release : releases.properties()) {
      if (release.getValue() instanceof ArrayNode files && !files.isEmpty()) {
        for (int i = files.size() - 1; i >= 0; i--) {
          if (!keep.test(files.get(i))) {
            files.remove(i);
          }
        }
        if (files.isEmpty()) {
          emptied.add(release.getKey());
        }
      }
    }
    releases.remove(emptied);
    if (doc.get("urls") instanceof ArrayNode urls) {
      for (int i = urls.size() - 1; i >= 0; i--) {
        if (!keep.test(urls.get(i))) {
          urls.remove(i);
        }
      }
    }
    String version = doc.path("info").path("version").asText("");
    if (!version.isEmpty() && !releases.has(version) && doc.get("info") instanceof ObjectNode info) {
      newestRelease(releases).ifPresent(newest -> describeRelease(doc, info, version, newest));
    }
    return doc;
  }

  private static void describeRelease(ObjectNode doc, ObjectNode info, String old, String newest) {
    info.put("version", newest);
    String releaseUrl = info.path("release_url").asText("");
    String suffix = "/" + old + "/";
    if (releaseUrl.endsWith(suffix)) {
      info.put("release_url", releaseUrl.substring(0, releaseUrl.length() - suffix.length()) + "/" + newest + "/");
    }
    info.putNull("requires_dist");
    doc.set("urls", doc.path("releases").path(newest).deepCopy());
  }

  /** The newest release with files: the newest final one, else the newest of all (PEP 440 order). */
  private static Optional<String> newestRelease(ObjectNode releases) {
    List<Map.Entry<String, Version>> withFiles = new ArrayList<>();
    for (Map.Entry<String, JsonNode> release : releases.properties()) {
      if (!release.getValue().isEmpty()) {
        Version.tryParse(release.getKey()).ifPresent(v -> withFiles.add(Map.entry(release.getKey(), v)));
      }
    }
    Comparator<Map.Entry<String, Version>> order = Map.Entry.comparingByValue();
    return withFiles.stream().filter(e -> !e.getValue().isPrerelease()).max(order)
        .or(() -> withFiles.stream().max(order))
        .map(Map.Entry::getKey);
  }
}

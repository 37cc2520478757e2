package dev.jubjub.search;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectName;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the index knows of one project, read from its JSON API copy: the latest version's {@code
 * info} and that version's upload time. Every string is upstream's, so each is cleaned and
 * bounded here, once, and shown escaped everywhere.
 *
 * @param uploaded when the latest version's first file was uploaded; null when no file says
 */
record ProjectDocument(
    String normalized,
    String name,
    String version,
    String summary,
    String keywords,
    List<String> classifiers,
    String description,
    String author,
    List<String> projectUrls,
    Instant uploaded) {
  /** Indexed description text; READMEs of 100 KB and more add little but index size beyond this. */
  static final int MAX_DESCRIPTION = 32 * 1024;
  static final int MAX_SUMMARY = 512;
  static final int MAX_SHORT = 1024;

  /**
   * @throws IOException when the copy is not a JSON API document (malformed, or no {@code info})
   */
  static ProjectDocument parse(String normalized, byte[] json) throws IOException {
    JsonNode info = null;
    JsonNode urls = null;
    Map<String, Instant> releaseTimes = new HashMap<>();
    try (JsonParser p = JsonApiParser.MAPPER.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "info" -> info = p.readValueAsTree();
          case "urls" -> urls = p.readValueAsTree();
          case "releases" -> readReleaseTimes(p, releaseTimes);
          default -> p.skipChildren();
        }
      }
    }
    if (info == null || !info.isObject()) {
      throw new IOException("no \"info\" object");
    }
    String version = Text.clean(text(info, "version"), 128);
    Instant uploaded = urls != null && urls.isArray() && !urls.isEmpty() ? earliest(urls) : releaseTimes.get(version);
    String display = text(info, "name");
    String name = ProjectName.isValid(display) && ProjectName.normalize(display).equals(normalized) ? display : normalized;
    List<String> classifiers = new ArrayList<>();
    info.path("classifiers").forEach(c -> classifiers.add(Text.clean(c.asText(""), 256)));
    List<String> projectUrls = new ArrayList<>();
    info.path("project_urls").forEach(u -> projectUrls.add(Text.clean(u.asText(""), MAX_SHORT)));
    String home = text(info, "home_page");
    if (!home.isEmpty()) {
      projectUrls.add(Text.clean(home, MAX_SHORT));
    }
    String author = String.join(" ", text(info, "author"), text(info, "maintainer")).strip();
    return new ProjectDocument(normalized, name, version, Text.clean(text(info, "summary"), MAX_SUMMARY),
        Text.clean(text(info, "keywords"), MAX_SHORT), classifiers, Text.clean(text(info, "description"), MAX_DESCRIPTION),
        Text.clean(author, MAX_SHORT), projectUrls, uploaded);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : "";
  }

  /** Per version, its earliest file upload, streamed: a project's releases may run to many MB. */
  private static void readReleaseTimes(JsonParser p, Map<String, Instant> times) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String version = p.currentName();
      if (p.nextToken() != JsonToken.START_ARRAY) {
        p.skipChildren();
        continue;
      }
      Instant first = null;
      while (p.nextToken() == JsonToken.START_OBJECT) {
        Instant t = uploadTime(p.readValueAsTree());
        first = t != null && (first == null || t.isBefore(first)) ? t : first;
      }
      if (first != null) {
        times.put(version, first);
      }
    }
  }

  private static Instant earliest(JsonNode files) {
    Instant first = null;
    for (JsonNode f : files) {
      Instant t = uploadTime(f);
      first = t != null && (first == null || t.isBefore(first)) ? t : first;
    }
    return first;
  }

  /** {@code upload_time_iso_8601}, else {@code upload_time} (UTC without a zone), else null. */
  private static Instant uploadTime(JsonNode file) {
    try {
      String iso = text(file, "upload_time_iso_8601");
      if (!iso.isEmpty()) {
        return Instant.parse(iso);
      }
      String plain = text(file, "upload_time");
      return plain.isEmpty() ? null : LocalDateTime.parse(plain).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

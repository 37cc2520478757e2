package dev.jubjub.upstream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectStatus;
import dev.jubjub.pypi.Serial;
import dev.jubjub.pypi.Sha256;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a PEP 691 project page in one streaming pass: only the status, file names, core-metadata
 * hashes and provenance URLs are kept, so a page of any size or shape costs memory in proportion
 * to its files, never a whole tree.
 */
final class ProjectPageReader {
  private static final Logger log = LoggerFactory.getLogger(ProjectPageReader.class);
  /** PyPI's provenance URLs are about 150 characters; a longer one is not worth following. */
  static final int MAX_URL = 2048;

  private ProjectPageReader() {}

  /** Files without a well-formed sha256 or provenance URL are left out of those maps. */
  static ProjectPage read(byte[] page) throws IOException {
    Map<String, String> hashes = new HashMap<>();
    Map<String, String> provenance = new HashMap<>();
    ProjectStatus status = ProjectStatus.ACTIVE;
    long serial = -1;
    try (JsonParser p = JsonApiParser.MAPPER.getFactory().createParser(page)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_ARRAY && field.equals("files")) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            file(p, hashes, provenance);
          }
        } else if (value == JsonToken.START_OBJECT && field.equals("project-status")) {
          status = status(p);
        } else if (value == JsonToken.START_OBJECT && field.equals("meta")) {
          serial = serial(p);
        } else {
          p.skipChildren();
        }
      }
    }
    return new ProjectPage(serial, status, hashes, provenance);
  }

  private static void file(JsonParser p, Map<String, String> hashes, Map<String, String> provenance)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    String filename = null;
    String current = null;
    String legacy = null;
    String attestations = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken value = p.nextToken();
      switch (key) {
        case "filename" -> filename = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "core-metadata" -> current = sha256(p);
        case "data-dist-info-metadata" -> legacy = sha256(p);
        case "provenance" -> attestations = value == JsonToken.VALUE_STRING ? p.getText() : null;
        default -> p.skipChildren();
      }
    }
    if (filename == null) {
      return;
    }
    String sha = current != null ? current : legacy;
    if (sha != null && Sha256.isHex(sha)) {
      hashes.put(filename, sha);
    }
    if (attestations != null && !attestations.isEmpty() && attestations.length() <= MAX_URL) {
      provenance.put(filename, attestations);
    }
  }

  /**
   * A status this version does not know (a later PEP's) or a malformed one reads as active, with a
   * warning: it must not stop the project from being mirrored.
   */
  private static ProjectStatus status(JsonParser p) throws IOException {
    String status = null;
    String reason = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && key.equals("status")) {
        status = p.getText();
      } else if (value == JsonToken.VALUE_STRING && key.equals("reason")) {
        reason = p.getText();
      } else {
        p.skipChildren();
      }
    }
    if (status == null) {
      return ProjectStatus.ACTIVE;
    }
    try {
      return new ProjectStatus(status, Optional.ofNullable(reason).filter(r -> !r.isEmpty()));
    } catch (IllegalArgumentException e) {
      log.warn("project page: {}; read as active", e.getMessage());
      return ProjectStatus.ACTIVE;
    }
  }

  private static long serial(JsonParser p) throws IOException {
    long serial = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean wanted = p.currentName().equals("_last-serial");
      JsonToken value = p.nextToken();
      if (wanted && (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_STRING)) {
        serial = Serial.parse(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return serial;
  }

  /** The {@code sha256} of a hashes object; {@code true} or anything else gives none. */
  private static String sha256(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String sha = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean wanted = p.currentName().equals("sha256");
      if (p.nextToken() == JsonToken.VALUE_STRING && wanted) {
        sha = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return sha;
  }
}

package dev.jubjub.upstream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.Sha256;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The sha256 of each file's PEP 658 core metadata, read from a PEP 691 project page in one
 * streaming pass: only file names and hashes are kept, so a page of any size or shape costs
 * memory in proportion to its files, never a whole tree.
 */
final class CoreMetadataHashes {
  private CoreMetadataHashes() {}

  /** By file name; files without a well-formed sha256 are left out. */
  static Map<String, String> read(byte[] page) throws IOException {
    Map<String, String> hashes = new HashMap<>();
    try (JsonParser p = JsonApiParser.MAPPER.getFactory().createParser(page)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        if (p.nextToken() == JsonToken.START_ARRAY && field.equals("files")) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            file(p, hashes);
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return hashes;
  }

  private static void file(JsonParser p, Map<String, String> hashes) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    String filename = null;
    String current = null;
    String legacy = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken value = p.nextToken();
      switch (key) {
        case "filename" -> filename = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "core-metadata" -> current = sha256(p);
        case "data-dist-info-metadata" -> legacy = sha256(p);
        default -> p.skipChildren();
      }
    }
    String sha = current != null ? current : legacy;
    if (filename != null && sha != null && Sha256.isHex(sha)) {
      hashes.put(filename, sha);
    }
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

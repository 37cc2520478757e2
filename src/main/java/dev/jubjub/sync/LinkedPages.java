package dev.jubjub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.JsonApiParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.jubjub.store.Storage;

/** Reads which package files a project's current pages link, to clean up after a change. */
final class LinkedPages {
  private static final Pattern HREF = Pattern.compile("href=\"[^\"#]*?/packages/([^\"#]+)");
  private final Storage storage;
  private final String directory;

  LinkedPages(Storage storage, String directory) {
    this.storage = storage;
    this.directory = directory;
  }

  /** Storage paths ({@code web/packages/...}) linked by the JSON page, else the HTML page. */
  Set<String> linkedFiles() throws IOException {
    Set<String> files = new LinkedHashSet<>();
    String json = directory + "/index.v1_json";
    String html = directory + "/index.html";
    if (storage.stat(json).isPresent()) {
      JsonNode page = JsonApiParser.MAPPER.readTree(storage.readAllBytes(json));
      for (JsonNode file : page.path("files")) {
        String url = file.path("url").asText("");
        int at = url.indexOf("/packages/");
        if (at >= 0) {
          files.add("web/packages/" + url.substring(at + "/packages/".length()));
        }
      }
    } else if (storage.stat(html).isPresent()) {
      Matcher m = HREF.matcher(new String(storage.readAllBytes(html), StandardCharsets.UTF_8));
      while (m.find()) {
        files.add("web/packages/" + m.group(1));
      }
    }
    return files;
  }

  /** The serial recorded in the pages, or -1 when there are none. */
  long serial() throws IOException {
    String json = directory + "/index.v1_json";
    String html = directory + "/index.html";
    if (storage.stat(json).isPresent()) {
      String serial =
          JsonApiParser.MAPPER.readTree(storage.readAllBytes(json)).path("meta").path("_last-serial").asText("");
      return serial.matches("\\d{1,18}") ? Long.parseLong(serial) : -1;
    }
    if (storage.stat(html).isPresent()) {
      Matcher m =
          Pattern.compile("<!--SERIAL (\\d{1,18})-->\\s*$")
              .matcher(new String(storage.readAllBytes(html), StandardCharsets.UTF_8));
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
    return -1;
  }
}

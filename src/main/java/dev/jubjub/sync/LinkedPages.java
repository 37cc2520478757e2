package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.ProjectStatus;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.Serial;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StoragePath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads which package files a project's current pages link, and the serial they were written at.
 * A page that does not parse (truncated by a crash of another tool, edited by hand) is treated as
 * absent, with a warning naming it: the project is then synced again, and the run goes on. Each
 * page is read at most once, by one GET-like read without a stat first: on an object store each
 * question is a request, and a run asks for the serial and then the files of the same pages.
 */
final class LinkedPages {
  private static final Logger log = LoggerFactory.getLogger(LinkedPages.class);
  private static final Pattern HREF = Pattern.compile("href=\"[^\"#]*?/packages/([^\"#]+)");
  private static final Pattern SERIAL = Pattern.compile("<!--SERIAL (\\d{1,18})-->\\s*$");
  private static final String QUARANTINED_META = "<meta name=\"pypi:project-status\" content=\"quarantined\">";
  private final Storage storage;
  private final String directory;
  /** The JSON page's bytes once read; empty when there is none. Null until read. */
  private Optional<byte[]> jsonBytes;
  private Optional<String> html;

  LinkedPages(Storage storage, String directory) {
    this.storage = storage;
    this.directory = directory;
  }

  /**
   * The package files a project's JSON API copy lists ({@code web/json/<project>}), read as a
   * stream: what a removal stopped after the pages went still has to delete. Empty without a copy;
   * URLs that do not map to a safe path are left out.
   */
  static Set<String> filesInJsonCopy(Storage storage, String normalized) throws IOException {
    return filesInJsonDocument(storage, MirrorLayout.jsonFile(normalized));
  }

  /** The package files a JSON API document stored at {@code copy} lists; empty when there is none. */
  static Set<String> filesInJsonDocument(Storage storage, String copy) throws IOException {
    Set<String> files = new LinkedHashSet<>();
    if (storage.stat(copy).isEmpty()) {
      return files;
    }
    try (InputStream in = storage.open(copy);
        JsonParser p = JsonApiParser.MAPPER.getFactory().createParser(in)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("url")
            && p.nextToken() == JsonToken.VALUE_STRING) {
          try {
            files.add(StoragePath.check("web/packages/" + JsonApiParser.packagePath(p.getText())));
          } catch (URISyntaxException | IllegalArgumentException e) {
            log.debug("{}: not a package file URL: {}", storage.describe(copy), e.getMessage());
          }
        }
      }
    } catch (JacksonException e) {
      log.warn("{}: unreadable ({}); its files are left for verify --delete", storage.describe(copy),
          e.getOriginalMessage());
    }
    return files;
  }

  /** Storage paths ({@code web/packages/...}) linked by the JSON page, else the HTML page. */
  Set<String> linkedFiles() throws IOException {
    Set<String> files = new LinkedHashSet<>();
    Optional<JsonNode> json = jsonPage();
    if (json.isPresent()) {
      for (JsonNode file : json.get().path("files")) {
        String url = file.path("url").asText("");
        int at = url.indexOf("/packages/");
        if (at >= 0) {
          files.add("web/packages/" + url.substring(at + "/packages/".length()));
        }
      }
      return files;
    }
    Optional<String> html = htmlPage();
    if (html.isPresent()) {
      Matcher m = HREF.matcher(html.get());
      while (m.find()) {
        files.add("web/packages/" + m.group(1));
      }
    }
    return files;
  }

  String directory() {
    return directory;
  }

  /** The PEP 792 status the current pages carry; active when they carry none (or are HTML only). */
  ProjectStatus status() throws IOException {
    Optional<JsonNode> json = jsonPage();
    if (json.isEmpty()) {
      return quarantined() ? new ProjectStatus("quarantined", Optional.empty()) : ProjectStatus.ACTIVE;
    }
    return ProjectStatus.inPage(json.get());
  }

  /** Whether the current pages mark the project quarantined (PEP 792): its files are held. */
  boolean quarantined() throws IOException {
    Optional<JsonNode> json = jsonPage();
    if (json.isPresent()) {
      return json.get().path("project-status").path("status").asText("").equals("quarantined");
    }
    return htmlPage().map(h -> h.contains(QUARANTINED_META)).orElse(false);
  }

  /** The serial recorded in the pages, or -1 when there are none (or none that can be read). */
  long serial() throws IOException {
    Optional<JsonNode> json = jsonPage();
    if (json.isPresent()) {
      return Serial.parse(json.get().path("meta").path("_last-serial").asText(""));
    }
    if (jsonBytes.isPresent()) {
      return -1; // there but unreadable: the HTML page's serial must not vouch for it
    }
    Optional<String> html = htmlPage();
    if (html.isPresent()) {
      Matcher m = SERIAL.matcher(html.get());
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
    return -1;
  }

  private Optional<JsonNode> jsonPage() throws IOException {
    String path = directory + "/index.v1_json";
    if (jsonBytes == null) {
      jsonBytes = storage.readIfExists(path);
    }
    if (jsonBytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode page = JsonApiParser.MAPPER.readTree(jsonBytes.get());
      if (page != null && page.isObject()) {
        return Optional.of(page);
      }
    } catch (JacksonException e) {
      log.debug("{}: {}", storage.describe(path), e.getMessage());
    }
    log.warn("{} does not parse; the project is synced again", storage.describe(path));
    return Optional.empty();
  }

  private Optional<String> htmlPage() throws IOException {
    if (html == null) {
      html = storage.readIfExists(directory + "/index.html").map(b -> new String(b, StandardCharsets.UTF_8));
    }
    return html;
  }
}

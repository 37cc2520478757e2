package dev.jubjub.upstream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.pypi.Serial;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PEP 691 root listing ({@code projects[]} with {@code _last-serial}) with the streaming
 * parser, so that PyPI's 700k+ entries never exist as a tree. Entries with invalid names are
 * skipped with a warning rather than failing the whole sync.
 */
public final class ListingParser {
  private static final Logger log = LoggerFactory.getLogger(ListingParser.class);

  private ListingParser() {}

  /** A valid entry of the listing. */
  @FunctionalInterface
  private interface EntrySink {
    void accept(String name, long serial);
  }

  static Listing parse(URI uri, byte[] body) throws UpstreamException {
    return parse(uri, body, Listing.Interest.ALL);
  }

  /** The entries {@code interest} keeps; the serial and the count are over every valid entry. */
  static Listing parse(URI uri, byte[] body, Listing.Interest interest) throws UpstreamException {
    Map<String, Listing.Entry> projects = new HashMap<>();
    long[] maxAndCount = {0, 0};
    long metaSerial = read(uri, body, (name, serial) -> {
      maxAndCount[0] = Math.max(maxAndCount[0], serial);
      maxAndCount[1]++;
      String normalized = ProjectName.normalize(name);
      if (interest.keeps(normalized)) {
        projects.merge(normalized, new Listing.Entry(ProjectName.of(name), serial),
            (a, b) -> a.serial() >= b.serial() ? a : b);
      }
    });
    return new Listing(Math.max(maxAndCount[0], metaSerial), projects, maxAndCount[1]);
  }

  /**
   * The serial {@link #parse} gives the listing, without keeping its entries (PyPI's 700k+ would
   * be 130 MB of heap): what a server answers as its serial, so that it is the one a mirror of it
   * reads from the listing.
   */
  public static long serial(URI uri, byte[] body) throws UpstreamException {
    long[] max = {0};
    long metaSerial = read(uri, body, (name, serial) -> max[0] = Math.max(max[0], serial));
    return Math.max(max[0], metaSerial);
  }

  /** Hands each valid entry to {@code entries}; returns the meta {@code _last-serial}, -1 if none. */
  private static long read(URI uri, byte[] body, EntrySink entries) throws UpstreamException {
    long metaSerial = -1;
    int valid = 0;
    boolean sawProjects = false;
    int invalid = 0;
    try (JsonParser p = JsonApiParser.MAPPER.getFactory().createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, uri);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("projects") && value == JsonToken.START_ARRAY) {
          sawProjects = true;
          for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
              throw new UpstreamException(uri, "malformed project listing: truncated", null);
            }
            if (t == JsonToken.START_OBJECT) {
              if (project(p, uri, entries)) {
                valid++;
              } else {
                invalid++;
              }
            } else {
              p.skipChildren();
              invalid++;
            }
          }
        } else if (field.equals("meta") && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals("_last-serial")) {
              metaSerial = serial(p);
            }
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UpstreamException(uri, "malformed project listing: " + e.getMessage(), e);
    }
    // A listing that lost its projects must not look like "everything was deleted upstream".
    if (!sawProjects) {
      throw new UpstreamException(uri, "malformed project listing: no projects array", null);
    }
    if (invalid > 0 && valid == 0) {
      throw new UpstreamException(uri, "project listing has no valid entries (" + invalid
          + " without a name or _last-serial); is this upstream a PEP 691 index with serials?", null);
    }
    return metaSerial;
  }

  /** Reads one entry; false when it was skipped as invalid. */
  private static boolean project(JsonParser p, URI uri, EntrySink entries) throws IOException {
    String name = null;
    long serial = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      // Any value may be an array or object in a hostile listing: skipChildren keeps the parser
      // in step, so one bad entry cannot swallow the entries after it.
      switch (key) {
        case "name" -> name = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        case "_last-serial" -> serial = serial(p);
        default -> { }
      }
      p.skipChildren();
    }
    if (name == null || serial < 0 || !ProjectName.isValid(name)) {
      log.warn("{}: skipping invalid listing entry {} (serial {})", uri, ProjectName.printable(name),
          serial < 0 ? "missing or out of range" : serial);
      return false;
    }
    entries.accept(name, serial);
    return true;
  }

  /**
   * PyPI sends an integer; bandersnatch's own pages carry it as a string. Accept both; anything
   * else, negative or beyond a long (a serial of 10^30) is -1, an invalid entry.
   */
  private static long serial(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? -1 : Math.max(-1, p.getLongValue());
      case VALUE_STRING -> Serial.parse(p.getText());
      default -> -1;
    };
  }

  private static void expect(JsonToken got, JsonToken want, URI uri) throws UpstreamException {
    if (got != want) {
      throw new UpstreamException(uri, "malformed project listing: expected " + want + ", got " + got, null);
    }
  }
}

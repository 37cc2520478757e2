package dev.jubjub.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends a small document (a simple page or a JSON API answer) with ETag, Last-Modified, Vary and
 * conditional-request handling. Pages are replaced by atomic renames, so a read sees a whole old
 * or a whole new page.
 */
final class Pages {
  // Header fields the same on many answers are encoded once (PreEncodedHttpField): Jetty's header
  // generation was the largest Java cost of a cached page.
  static final HttpField VARY_ACCEPT = new PreEncodedHttpField(HttpHeader.VARY, "Accept");
  private static final HttpField VARY_ACCEPT_AND_ENCODING = new PreEncodedHttpField(HttpHeader.VARY, "Accept, Accept-Encoding");
  private static final HttpField VARY_ENCODING = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
  private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
  /** Keyed by the few types jubjub's own code passes. */
  private static final Map<String, HttpField> CONTENT_TYPES = new ConcurrentHashMap<>();
  /** As Jetty's GzipHandler: below this, the gzip header and trailer outweigh what is saved. */
  static final int MIN_GZIP_SIZE = 256;
  static final String PAGE_CACHE = "max-age=60, public";
  private static final HttpField PAGE_CACHE_FIELD = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, PAGE_CACHE);
  /** The variants of a simple page, whose ETag fields a document keeps. */
  private static final List<String> PAGE_VARIANTS = List.of("h", "v", "j", "h-gzip", "v-gzip", "j-gzip");

  private Pages() {}

  /**
   * A document and the header values derived from it, computed once: pages are read far more
   * often than they change.
   */
  static final class Document {
    private final byte[] body;
    /** Whether it is served gzipped to clients that accept it. */
    private final boolean compressible;
    /** Told the size of the gzipped copy once made: the page cache counts what it holds. */
    private final LongConsumer held;
    /** The body gzipped, once, by the first request that wants it. */
    private volatile byte[] gzipped;
    private final long lastModified;
    private final HttpField lastModifiedField;
    private final String etagBase;
    /** By {@link #PAGE_VARIANTS}; made on first use (a benign race makes one twice). */
    private final HttpField[] etagFields = new HttpField[PAGE_VARIANTS.size()];
    private volatile long checkedNanos;

    Document(byte[] body, long lastModified) {
      this(body, lastModified, false, size -> { });
    }

    /**
     * @param compress serve it gzipped, compressed once: a simple page is read by pip (which asks
     *     for gzip) far more often than it changes, and was compressed again for every request
     */
    Document(byte[] body, long lastModified, boolean compress, LongConsumer held) {
      this.body = body;
      this.compressible = compress && body.length >= MIN_GZIP_SIZE;
      this.held = held;
      this.lastModified = lastModified;
      this.lastModifiedField = new PreEncodedHttpField(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(lastModified));
      // The bytes' checksum, not only time and length: a page read just as a sync renamed a new one
      // into place, or JSON API answers for two Hosts of one length, are other bytes under the same
      // time and length, and a 304 for them would leave a client with a body it should not have.
      CRC32C crc = new CRC32C();
      crc.update(body);
      this.etagBase = "\"" + Long.toHexString(lastModified) + "-" + Integer.toHexString(body.length) + "-"
          + Long.toHexString(crc.getValue()) + "-";
    }

    byte[] body() {
      return body;
    }

    /** The gzipped copy, made by the first caller; others wait for it rather than compress too. */
    byte[] gzipped() {
      byte[] made = gzipped;
      if (made == null) {
        synchronized (this) {
          made = gzipped;
          if (made == null) {
            made = gzip(body);
            gzipped = made;
            held.accept(made.length);
          }
        }
      }
      return made;
    }

    long lastModified() {
      return lastModified;
    }

    long checkedNanos() {
      return checkedNanos;
    }

    void checkedNanos(long nanos) {
      checkedNanos = nanos;
    }

    String etag(String variant) {
      return etagBase + variant + "\"";
    }

    /** The ETag field; kept for a page's own variants, made anew for others (JSON API hosts). */
    HttpField etagField(String variant) {
      int i = PAGE_VARIANTS.indexOf(variant);
      if (i < 0) {
        return new HttpField(HttpHeader.ETAG, etag(variant));
      }
      HttpField field = etagFields[i];
      if (field == null) {
        field = new PreEncodedHttpField(HttpHeader.ETAG, etag(variant));
        etagFields[i] = field;
      }
      return field;
    }
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }

  static void send(
      Request request, Response response, Callback callback, Document doc, String contentType,
      String variant, boolean vary) {
    send(request, response, callback, doc, contentType, variant, vary, PAGE_CACHE);
  }

  /** What a simple page directory offers, HTML first: on equal preference ({@code *}/{@code *}) HTML wins. */
  static List<String> simpleOffers(boolean html, boolean json) {
    List<String> offered = new ArrayList<>(3);
    if (html) {
      offered.add(Negotiation.HTML);
      offered.add(Negotiation.HTML_V1);
    }
    if (json) {
      offered.add(Negotiation.JSON);
    }
    return offered;
  }

  /** A simple page in the negotiated type {@code chosen}, one of {@link #simpleOffers}. */
  static void sendSimple(Request request, Response response, Callback callback, Document doc, String chosen) {
    boolean isJson = chosen.equals(Negotiation.JSON);
    String type = isJson ? chosen : chosen + "; charset=utf-8";
    String variant = isJson ? "j" : chosen.equals(Negotiation.HTML) ? "h" : "v";
    send(request, response, callback, doc, type, variant, true);
  }

  /**
   * Whether the request accepts gzip: listed in Accept-Encoding, by name or as {@code *}, with a
   * quality above zero (RFC 9110 12.5.3).
   */
  static boolean acceptsGzip(Request request) {
    List<String> values = request.getHeaders().getValuesList(HttpHeader.ACCEPT_ENCODING);
    if (values.isEmpty()) {
      return false;
    }
    Boolean gzip = null;
    boolean star = false;
    for (String value : values) {
      for (String part : value.split(",")) {
        int semicolon = part.indexOf(';');
        String coding = (semicolon < 0 ? part : part.substring(0, semicolon)).trim();
        boolean accepted = semicolon < 0 || !Negotiation.zeroQuality(part.substring(semicolon + 1));
        if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
          gzip = (gzip != null && gzip) || accepted; // x-gzip is gzip (RFC 9110 8.4.1.3)
        } else if (coding.equals("*")) {
          star = accepted;
        }
      }
    }
    return gzip != null ? gzip : star;
  }

  static void send(
      Request request, Response response, Callback callback, Document doc, String contentType,
      String variant, boolean vary, String cacheControl) {
    // A page served gzipped has an ETag of its own (RFC 9110 8.8.3), as GzipHandler gives one.
    boolean gzip = doc.compressible && acceptsGzip(request);
    HttpField etagField = doc.etagField(gzip ? variant + "-gzip" : variant);
    String etag = etagField.getValue();
    var headers = response.getHeaders();
    headers.put(CONTENT_TYPES.computeIfAbsent(contentType, type -> new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, type)));
    headers.put(etagField);
    headers.put(doc.lastModifiedField);
    headers.put(cacheControl.equals(PAGE_CACHE) ? PAGE_CACHE_FIELD : new HttpField(HttpHeader.CACHE_CONTROL, cacheControl));
    if (doc.compressible) {
      headers.add(vary ? VARY_ACCEPT_AND_ENCODING : VARY_ENCODING);
    } else if (vary) {
      headers.add(VARY_ACCEPT);
    }
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      response.write(true, null, callback);
      return;
    }
    response.setStatus(HttpStatus.OK_200);
    byte[] body = gzip ? doc.gzipped() : doc.body();
    if (gzip) {
      headers.put(GZIP);
    }
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  /**
   * An error for a JSON client, in PyPI's shape ({@code {"message": "Not Found"}}): what a JSON API
   * client reads, where a server's HTML error page would be a parse error.
   */
  static void jsonError(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    String body = "{\"message\": " + Json.quote(message) + "}\n";
    response.write(true, ByteBuffer.wrap(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
  }
}

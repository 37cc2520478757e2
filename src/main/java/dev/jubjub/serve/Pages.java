package dev.jubjub.serve;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends a small document (a simple page or a JSON API answer) with ETag, Last-Modified, Vary and
 * conditional-request handling. Pages are replaced by atomic renames, so a read sees a whole old
 * or a whole new page.
 */
final class Pages {
  static final HttpField VARY_ACCEPT = new HttpField(HttpHeader.VARY, "Accept");
  static final String PAGE_CACHE = "max-age=60, public";

  private Pages() {}

  /**
   * A document and the header values derived from it, computed once: pages are read far more
   * often than they change.
   */
  static final class Document {
    private final byte[] body;
    private final long lastModified;
    private final HttpField lastModifiedField;
    private final String etagBase;
    private volatile long checkedNanos;

    Document(byte[] body, long lastModified) {
      this.body = body;
      this.lastModified = lastModified;
      this.lastModifiedField = new HttpField(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(lastModified));
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
  }

  static void send(
      Request request, Response response, Callback callback, Document doc, String contentType,
      String variant, boolean vary) {
    send(request, response, callback, doc, contentType, variant, vary, PAGE_CACHE);
  }

  static void send(
      Request request, Response response, Callback callback, Document doc, String contentType,
      String variant, boolean vary, String cacheControl) {
    String etag = doc.etag(variant);
    var headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, contentType);
    headers.put(HttpHeader.ETAG, etag);
    headers.put(doc.lastModifiedField);
    headers.put(HttpHeader.CACHE_CONTROL, cacheControl);
    if (vary) {
      headers.add(VARY_ACCEPT);
    }
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      callback.succeeded();
      return;
    }
    response.setStatus(HttpStatus.OK_200);
    headers.put(HttpHeader.CONTENT_LENGTH, doc.body().length);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(doc.body()), callback);
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

package dev.jubjub.serve;

import dev.jubjub.store.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.DateParser;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Package files from a tree that is not a local directory (an object store): streamed through in
 * small buffers, never held whole, with one ranged GET per request; or answered with a short-lived
 * presigned redirect, so the bytes go from the store to the client directly. Validators come from
 * the stored record (sha256 and time), so a conditional request costs one HEAD.
 */
final class StorageFiles {
  /** How long a presigned redirect stays valid: long enough for a slow client to start. */
  static final Duration PRESIGN_TTL = Duration.ofMinutes(15);
  private final Storage storage;
  private final boolean redirect;

  StorageFiles(Storage storage, boolean redirect) {
    this.storage = storage;
    this.redirect = redirect;
  }

  /** PEP 740 provenance objects are JSON; everything else under packages/ is served as bytes. */
  static String contentType(String path) {
    return path.endsWith(".provenance") ? "application/json" : "application/octet-stream";
  }

  /** Answers for {@code path}; false when there is no such file (the caller sends the 404). */
  boolean handle(Request request, Response response, Callback callback, String path) throws IOException {
    Optional<Storage.FileInfo> found = storage.stat(path);
    if (found.isEmpty()) {
      return false;
    }
    Storage.FileInfo info = found.get();
    if (redirect && !HttpMethod.HEAD.is(request.getMethod())) { // a URL presigned for GET refuses HEAD
      Optional<URI> url = storage.presign(path, PRESIGN_TTL);
      if (url.isPresent()) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Response.sendRedirect(request, response, callback, HttpStatus.FOUND_302, url.get().toString(), false);
        return true;
      }
    }
    String etag = info.sha256() != null
        ? "\"" + info.sha256() + "\""
        : "\"" + Long.toHexString(info.lastModified().toEpochMilli()) + "-" + Long.toHexString(info.size()) + "\"";
    var headers = response.getHeaders();
    headers.put(HttpHeader.ETAG, etag);
    headers.put(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(info.lastModified().toEpochMilli()));
    headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
    headers.put(HttpHeader.CONTENT_TYPE, contentType(path));
    if (notModified(request, etag, info)) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      callback.succeeded();
      return true;
    }
    long size = info.size();
    long start = 0;
    long length = size;
    String range = request.getHeaders().get(HttpHeader.RANGE);
    String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
    if (range != null && (ifRange == null || ifRange.equals(etag))) {
      long[] r = singleRange(range, size);
      if (r == UNSATISFIABLE) {
        headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        Response.writeError(request, response, callback, HttpStatus.RANGE_NOT_SATISFIABLE_416);
        return true;
      }
      if (r != null) {
        start = r[0];
        length = r[1] - r[0] + 1;
        response.setStatus(HttpStatus.PARTIAL_CONTENT_206);
        headers.put(HttpHeader.CONTENT_RANGE, "bytes " + r[0] + "-" + r[1] + "/" + size);
      }
    }
    headers.put(HttpHeader.CONTENT_LENGTH, length);
    if (HttpMethod.HEAD.is(request.getMethod()) || length == 0) {
      response.write(true, null, callback);
      return true;
    }
    try (InputStream in = storage.open(path, start, length);
        OutputStream out = Content.Sink.asOutputStream(response)) {
      in.transferTo(out);
    } catch (NoSuchFileException e) {
      if (!response.isCommitted()) {
        response.reset(); // removed between the HEAD and the GET: the 404 must not carry this 206's headers
        return false;
      }
      callback.failed(e);
      return true;
    } catch (IOException e) {
      callback.failed(e);
      return true;
    }
    callback.succeeded();
    return true;
  }

  private static boolean notModified(Request request, String etag, Storage.FileInfo info) {
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      return ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*");
    }
    String ifModifiedSince = request.getHeaders().get(HttpHeader.IF_MODIFIED_SINCE);
    if (ifModifiedSince != null) {
      long since = DateParser.parseDate(ifModifiedSince);
      return since > 0 && info.lastModified().toEpochMilli() / 1000 <= since / 1000;
    }
    return false;
  }

  private static final long[] UNSATISFIABLE = new long[0];

  /**
   * First and last byte of a single {@code bytes=} range; null to send the whole file (several
   * ranges, or a header this does not understand, which RFC 9110 lets a server ignore).
   */
  static long[] singleRange(String header, long size) {
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
      return null;
    }
    String spec = h.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (!a.matches("\\d{0,18}") || !b.matches("\\d{0,18}")) {
        return null;
      }
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0) {
          return UNSATISFIABLE;
        }
        return size == 0 ? UNSATISFIABLE : new long[] {Math.max(0, size - suffix), size - 1};
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      if (first < 0 || (!b.isEmpty() && Long.parseLong(b) < first)) {
        return null;
      }
      return first >= size ? UNSATISFIABLE : new long[] {first, last};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

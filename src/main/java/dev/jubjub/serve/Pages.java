package dev.jubjub.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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

  /** Reads a regular file of the tree, refusing symlinks; null when there is none. */
  static Document read(Path file) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        return null;
      }
      return new Document(Files.readAllBytes(file), a.lastModifiedTime().toMillis());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  record Document(byte[] body, long lastModified) {}

  static void send(
      Request request, Response response, Callback callback, Document doc, String contentType,
      String variant, boolean vary) {
    String etag = "\"" + Long.toHexString(doc.lastModified()) + "-" + Integer.toHexString(doc.body().length)
        + "-" + variant + "\"";
    var headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, contentType);
    headers.put(HttpHeader.ETAG, etag);
    headers.putDate(HttpHeader.LAST_MODIFIED, doc.lastModified());
    headers.put(HttpHeader.CACHE_CONTROL, PAGE_CACHE);
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
}

package dev.jubjub.serve;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One kept-alive HTTP/1.1 connection over a plain socket. Unlike the JDK's clients it sends any
 * {@code Host} header and reports a body cut short as such (declared length and bytes read)
 * instead of an exception, which is what a test of torn answers needs. Reconnects when the server
 * closed the connection.
 */
final class RawHttp implements AutoCloseable {
  /** No answer within this long is a failure: a stuck server or an exhausted thread pool. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
  private final int port;
  private final int timeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int opened;

  /** An answer. {@code declaredLength} is -1 for a chunked or close-delimited body. */
  record Reply(int status, Map<String, String> headers, byte[] body, long declaredLength, boolean complete) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body with any {@code Content-Encoding: gzip} undone. */
    byte[] decoded() throws IOException {
      if (!"gzip".equalsIgnoreCase(header("content-encoding"))) {
        return body;
      }
      try (var gz = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
        return gz.readAllBytes();
      }
    }
  }

  RawHttp(int port) {
    this.port = port;
    this.timeoutMillis = (int) ANSWER_TIMEOUT.toMillis();
  }

  /** Connections opened so far (the first one and every reconnect). */
  int opened() {
    return opened;
  }

  boolean connected() {
    return socket != null;
  }

  void connect() throws IOException {
    close();
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(timeoutMillis);
    s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
    out = s.getOutputStream();
    opened++;
  }

  /** Sends one request ({@code headers} as "Name: value" lines, Host included) and reads its answer. */
  Reply send(String method, String target, List<String> headers) throws IOException {
    if (socket == null) {
      connect();
    }
    StringBuilder request = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (String h : headers) {
      request.append(h).append("\r\n");
    }
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    Reply reply = read(method.equals("HEAD"));
    if (!reply.complete() || "close".equalsIgnoreCase(reply.header("connection"))) {
      close();
    }
    return reply;
  }

  private Reply read(boolean head) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a status line");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not a status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    if (head || status == 304 || status == 204 || status / 100 == 1) {
      return new Reply(status, headers, new byte[0], lengthOf(headers), true);
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      return chunked(status, headers);
    }
    long length = lengthOf(headers);
    if (length < 0) {
      byte[] body = in.readAllBytes();
      close();
      return new Reply(status, headers, body, -1, true);
    }
    byte[] body = in.readNBytes(Math.toIntExact(length));
    return new Reply(status, headers, body, length, body.length == length);
  }

  private Reply chunked(int status, Map<String, String> headers) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      if (sizeLine == null) {
        return new Reply(status, headers, body.toByteArray(), -1, false);
      }
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
          // trailers are not used by the server under test
        }
        return new Reply(status, headers, body.toByteArray(), -1, true);
      }
      byte[] chunk = in.readNBytes(size);
      body.write(chunk);
      if (chunk.length < size || line() == null) {
        return new Reply(status, headers, body.toByteArray(), -1, false);
      }
    }
  }

  private static long lengthOf(Map<String, String> headers) {
    String length = headers.get("content-length");
    return length == null ? -1 : Long.parseLong(length);
  }

  /** A CRLF-terminated line in ISO-8859-1, or null at the end of the stream. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
      }
      line.append((char) c);
    }
    return line.isEmpty() ? null : line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a socket we are done with; nothing to recover
      }
      socket = null;
    }
  }
}

package dev.jubjub.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Writes a response to the exchange, misbehaving as the fault (if any) says. */
final class Responder {
  private static final byte[] ERROR_PAGE =
      ("<!DOCTYPE html>\n<html><head><title>503 Backend unavailable</title></head>\n"
              + "<body><h1>Error 503 Backend unavailable</h1><p>Guru Mediation</p></body></html>\n")
          .getBytes(StandardCharsets.UTF_8);

  /** Faults that change the answer before it is written normally. */
  private static final java.util.Set<Fault.Kind> EDITS =
      java.util.EnumSet.of(Fault.Kind.MALFORMED, Fault.Kind.BODY, Fault.Kind.LAST_SERIAL);
  private static final long ENDLESS_CAP = 1L << 30;

  private Responder() {}

  /**
   * @param gzip compress the answer: a malformed body is cut before compression (the JSON is
   *     broken, the gzip stream intact), the transport faults act on the bytes on the wire
   */
  static void send(HttpExchange exchange, Response response, Fault fault, boolean gzip)
      throws IOException, InterruptedException {
    Response answer = response;
    if (fault != null && fault.kind() == Fault.Kind.MALFORMED) {
      byte[] full = response.body();
      answer = response.withBody(Arrays.copyOf(full, Math.max(1, full.length / 2)));
    }
    if (fault != null && fault.kind() == Fault.Kind.BODY) {
      answer = new Response(200, fault.text(), fault.body(), response.headers());
    }
    if (fault != null && fault.kind() == Fault.Kind.LAST_SERIAL) {
      answer = response.withSerial(fault.bytes());
    }
    if (gzip) {
      answer = answer.gzipped();
    }
    if (fault == null || EDITS.contains(fault.kind())) {
      write(exchange, answer);
      return;
    }
    byte[] body = answer.body();
    switch (fault.kind()) {
      case STATUS -> write(exchange, Response.text(fault.status(), "injected fault: status " + fault.status()));
      case TOO_MANY_REQUESTS -> write(exchange, Response.text(429, "429 Too Many Requests").withHeader("Retry-After", "1"));
      case DISCONNECT -> exchange.close(); // before any header: the server drops the connection
      case STALL -> {
        Thread.sleep(fault.duration());
        write(exchange, answer);
      }
      case STALL_MID_BODY -> {
        OutputStream out = startBody(exchange, answer);
        if (out == null) {
          return;
        }
        out.write(body, 0, body.length / 2);
        out.flush();
        Thread.sleep(fault.duration());
        out.write(body, body.length / 2, body.length - body.length / 2);
        out.close();
      }
      case TRUNCATE -> {
        OutputStream out = startBody(exchange, answer);
        if (out == null) {
          return;
        }
        out.write(body, 0, body.length / 2);
        out.flush();
        // Closing the exchange with bytes missing makes the server close the connection.
        exchange.close();
      }
      case CORRUPT -> {
        byte[] bad = body.clone();
        if (bad.length > 0) {
          bad[bad.length / 2] ^= (byte) 0xff;
        }
        write(exchange, answer.withBody(bad));
      }
      case HTML_INSTEAD_OF_JSON -> write(exchange, Response.ok("text/html; charset=utf-8", ERROR_PAGE));
      case GZIP_BOMB -> write(exchange, bomb(response, fault.bytes()));
      case REDIRECT -> write(exchange, Response.text(302, "302 Found").withHeader("Location", fault.text()));
      case ENDLESS -> endless(exchange);
      case MALFORMED, BODY, LAST_SERIAL -> throw new AssertionError("handled above");
    }
  }

  /** Bytes until the client hangs up (the write fails) or the cap, so a runaway client cannot fill a disk. */
  private static void endless(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, 0); // chunked: no length to hold the client to
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    try (OutputStream out = exchange.getResponseBody()) {
      for (long sent = 0; sent < ENDLESS_CAP; sent += chunk.length) {
        out.write(chunk);
      }
    }
  }

  /** The answer padded with spaces to {@code size} bytes, gzipped: about a thousandth of that. */
  private static Response bomb(Response response, long size) throws IOException {
    var compressed = new ByteArrayOutputStream();
    try (var gzip = new GZIPOutputStream(compressed, 64 * 1024)) {
      gzip.write(response.body());
      byte[] spaces = new byte[64 * 1024];
      Arrays.fill(spaces, (byte) ' ');
      for (long left = size - response.body().length; left > 0; left -= spaces.length) {
        gzip.write(spaces, 0, (int) Math.min(left, spaces.length));
      }
    }
    return response.withBody(compressed.toByteArray()).withHeader("Content-Encoding", "gzip");
  }

  private static void write(HttpExchange exchange, Response response) throws IOException {
    OutputStream out = startBody(exchange, response);
    if (out != null) {
      out.write(response.body());
      out.close();
    }
  }

  /** Sends status and headers; returns the body stream, or null for HEAD or an empty body. */
  private static OutputStream startBody(HttpExchange exchange, Response response) throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", response.contentType());
    response.headers().forEach(headers::set);
    long length = response.body().length;
    if (exchange.getRequestMethod().equals("HEAD")) {
      headers.set("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(response.status(), -1);
      return null;
    }
    // The JDK server reads 0 as "chunked" and -1 as "no body".
    exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
    return length == 0 ? null : exchange.getResponseBody();
  }
}

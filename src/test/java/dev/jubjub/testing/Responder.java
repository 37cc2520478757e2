package dev.jubjub.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes a response to the exchange, misbehaving as the fault (if any) says. */
final class Responder {
  private static final byte[] ERROR_PAGE =
      ("<!DOCTYPE html>\n<html><head><title>503 Backend unavailable</title></head>\n"
              + "<body><h1>Error 503 Backend unavailable</h1><p>Guru Mediation</p></body></html>\n")
          .getBytes(StandardCharsets.UTF_8);

  private Responder() {}

  static void send(HttpExchange exchange, Response response, Fault fault)
      throws IOException, InterruptedException {
    if (fault == null) {
      write(exchange, response);
      return;
    }
    byte[] body = response.body();
    switch (fault.kind()) {
      case STATUS -> write(exchange, Response.text(fault.status(), "injected fault: status " + fault.status()));
      case TOO_MANY_REQUESTS -> write(exchange, Response.text(429, "429 Too Many Requests").withHeader("Retry-After", "1"));
      case DISCONNECT -> exchange.close(); // before any header: the server drops the connection
      case STALL -> {
        Thread.sleep(fault.duration());
        write(exchange, response);
      }
      case STALL_MID_BODY -> {
        OutputStream out = startBody(exchange, response);
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
        OutputStream out = startBody(exchange, response);
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
        write(exchange, response.withBody(bad));
      }
      case MALFORMED -> write(exchange, response.withBody(Arrays.copyOf(body, Math.max(1, body.length / 2))));
      case HTML_INSTEAD_OF_JSON -> write(exchange, Response.ok("text/html; charset=utf-8", ERROR_PAGE));
    }
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

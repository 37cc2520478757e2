package dev.jubjub.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour the fake can inject into a response; see {@link FakePyPI#inject}.
 *
 * @param text the Location of {@link Kind#REDIRECT}, the Content-Type of {@link Kind#BODY}
 * @param body the bytes of {@link Kind#BODY}; treat as immutable
 */
public record Fault(Kind kind, int status, Duration duration, long bytes, String text, byte[] body) {
  public enum Kind {
    /** Answers with the given status and a small text body instead. */
    STATUS,
    /** 429 with {@code Retry-After: 1}. */
    TOO_MANY_REQUESTS,
    /** Closes the connection without any response (the client sees EOF / a reset). */
    DISCONNECT,
    /** Sleeps for the duration, then answers normally. */
    STALL,
    /** Sends the headers and half the body, sleeps for the duration, then sends the rest. */
    STALL_MID_BODY,
    /** Declares the full Content-Length, sends half the body and closes the connection. */
    TRUNCATE,
    /** The right length, one byte flipped: the hash no longer matches. */
    CORRUPT,
    /** The body cut in half with a matching Content-Length: malformed JSON or XML. */
    MALFORMED,
    /** 200 with an HTML error page, as a proxy or captive portal answers. */
    HTML_INSTEAD_OF_JSON,
    /**
     * 200, {@code Content-Encoding: gzip} whatever the request accepts, and a small body that
     * inflates to the answer padded with spaces to {@code bytes} bytes (still valid JSON).
     */
    GZIP_BOMB,
    /**
     * 200 with {@code body} and {@code text} as its Content-Type in place of the answer, keeping
     * the answer's other headers ({@code X-PyPI-Last-Serial}): a hostile document.
     */
    BODY,
    /** 200, chunked, and bytes that never end (until the client hangs up, or 1 GiB). */
    ENDLESS,
    /** 302 to {@code text}. */
    REDIRECT,
    /** The normal answer with {@code X-PyPI-Last-Serial: bytes}: an older copy than promised. */
    LAST_SERIAL
  }

  public Fault {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(duration);
  }

  private Fault(Kind kind, int status, Duration duration, long bytes) {
    this(kind, status, duration, bytes, null, null);
  }

  public static Fault status(int code) {
    return new Fault(Kind.STATUS, code, Duration.ZERO, 0);
  }

  public static Fault serviceUnavailable() {
    return status(503);
  }

  public static Fault notFound() {
    return status(404);
  }

  public static Fault tooManyRequests() {
    return new Fault(Kind.TOO_MANY_REQUESTS, 429, Duration.ZERO, 0);
  }

  public static Fault disconnect() {
    return new Fault(Kind.DISCONNECT, 0, Duration.ZERO, 0);
  }

  public static Fault stall(Duration duration) {
    return new Fault(Kind.STALL, 0, duration, 0);
  }

  public static Fault stallMidBody(Duration duration) {
    return new Fault(Kind.STALL_MID_BODY, 0, duration, 0);
  }

  public static Fault truncate() {
    return new Fault(Kind.TRUNCATE, 0, Duration.ZERO, 0);
  }

  public static Fault corrupt() {
    return new Fault(Kind.CORRUPT, 0, Duration.ZERO, 0);
  }

  public static Fault malformed() {
    return new Fault(Kind.MALFORMED, 0, Duration.ZERO, 0);
  }

  public static Fault gzipBomb(long decodedBytes) {
    return new Fault(Kind.GZIP_BOMB, 0, Duration.ZERO, decodedBytes);
  }

  public static Fault htmlInsteadOfJson() {
    return new Fault(Kind.HTML_INSTEAD_OF_JSON, 0, Duration.ZERO, 0);
  }

  /** A 200 answer of {@code body} instead of what upstream would send. */
  public static Fault body(String contentType, byte[] body) {
    return new Fault(Kind.BODY, 200, Duration.ZERO, body.length, contentType, body);
  }

  public static Fault json(String json) {
    return body("application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static Fault endless() {
    return new Fault(Kind.ENDLESS, 200, Duration.ZERO, 0);
  }

  public static Fault redirect(String location) {
    return new Fault(Kind.REDIRECT, 302, Duration.ZERO, 0, location, null);
  }

  /** The answer, claiming an older serial than it has. */
  public static Fault lastSerial(long serial) {
    return new Fault(Kind.LAST_SERIAL, 0, Duration.ZERO, serial);
  }

  @Override
  public String toString() {
    return kind + (status > 0 ? " " + status : "") + (duration.isZero() ? "" : " " + duration)
        + (text == null ? "" : " " + text);
  }
}

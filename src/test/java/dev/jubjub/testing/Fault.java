package dev.jubjub.testing;

import java.time.Duration;
import java.util.Objects;

/** A misbehaviour the fake can inject into a response; see {@link FakePyPI#inject}. */
public record Fault(Kind kind, int status, Duration duration, long bytes) {
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
    GZIP_BOMB
  }

  public Fault {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(duration);
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
}

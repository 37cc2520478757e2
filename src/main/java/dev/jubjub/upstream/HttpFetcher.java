package dev.jubjub.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET with retries: transient failures (I/O errors, stalls, 408, 429, 5xx) are retried with
 * backoff, honouring Retry-After; other statuses fail at once with the status in the exception.
 */
final class HttpFetcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);
  /** Metadata responses are parsed in memory; a larger one is refused rather than risk the heap. */
  static final int MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

  private final HttpClient client;
  private final RetryPolicy retry;
  private final Duration timeout;
  private final String userAgent;
  private final StallWatchdog watchdog;

  HttpFetcher(HttpClient client, RetryPolicy retry, Duration timeout, Duration globalTimeout, String userAgent) {
    this.client = client;
    this.retry = retry;
    this.timeout = timeout;
    this.userAgent = userAgent;
    this.watchdog = new StallWatchdog(timeout, globalTimeout);
  }

  record Document(URI uri, int status, HttpHeaders headers, byte[] body) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  /** Receives a successful response's body; may be called again on a retry. */
  interface BodyConsumer<T> {
    T accept(InputStream body, HttpHeaders headers) throws IOException, VerificationException;
  }

  /** Thrown by a consumer when the bytes are wrong; retried like a transport error. */
  static final class VerificationException extends Exception {
    VerificationException(String message) {
      super(message);
    }
  }

  Document get(URI uri, String accept) throws UpstreamException {
    return document(uri, accept, HttpRequest.BodyPublishers.noBody(), "GET", null);
  }

  Document post(URI uri, String contentType, byte[] body) throws UpstreamException {
    return document(uri, "text/xml", HttpRequest.BodyPublishers.ofByteArray(body), "POST", contentType);
  }

  /** A whole response body in memory, bounded by {@link #MAX_DOCUMENT_BYTES}. */
  private Document document(
      URI uri, String accept, HttpRequest.BodyPublisher body, String method, String contentType)
      throws UpstreamException {
    return exchange(
        uri,
        accept,
        method,
        body,
        contentType,
        (in, headers) -> {
          byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
          if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new IOException("response larger than " + MAX_DOCUMENT_BYTES + " bytes");
          }
          return new Document(uri, 200, headers, bytes);
        });
  }

  <T> T stream(URI uri, BodyConsumer<T> consumer) throws UpstreamException {
    return exchange(uri, "*/*", "GET", HttpRequest.BodyPublishers.noBody(), null, consumer);
  }

  private <T> T exchange(
      URI uri,
      String accept,
      String method,
      HttpRequest.BodyPublisher body,
      String contentType,
      BodyConsumer<T> consumer)
      throws UpstreamException {
    for (int attempt = 1; ; attempt++) {
      Duration retryAfter = null;
      String failure;
      Throwable cause = null;
      int status = 0;
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", userAgent)
                .header("Accept", accept)
                .method(method, body);
        if (contentType != null) {
          request.header("Content-Type", contentType);
        }
        HttpResponse<InputStream> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        status = response.statusCode();
        try (InputStream in = watchdog.watch(response.body())) {
          if (status == 200) {
            return consumer.accept(in, response.headers());
          }
          in.readNBytes(64 * 1024);
        }
        failure = "HTTP " + status;
        if (!retryable(status)) {
          throw new UpstreamException(uri, status, failure, null);
        }
        retryAfter = retryAfter(response.headers());
      } catch (HttpTimeoutException e) {
        failure = "timed out after " + timeout.toSeconds() + " s";
        cause = e;
      } catch (IOException e) {
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cause = e;
      } catch (VerificationException e) {
        failure = e.getMessage();
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UpstreamException(uri, "interrupted", e);
      }
      if (attempt >= retry.attempts()) {
        throw new UpstreamException(uri, status, failure + " after " + attempt + " attempts", cause);
      }
      Duration delay = retry.delay(attempt, retryAfter);
      log.warn("{}: {}; retrying in {} ms", uri, failure, delay.toMillis());
      sleep(uri, delay);
    }
  }

  private static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** Retry-After in seconds; an HTTP date is rare from PyPI and treated as "no hint". */
  private static Duration retryAfter(HttpHeaders headers) {
    return headers
        .firstValue("Retry-After")
        .map(String::trim)
        .filter(v -> v.matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)))
        .orElse(null);
  }

  private static void sleep(URI uri, Duration delay) throws UpstreamException {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(uri, "interrupted", e);
    }
  }

  @Override
  public void close() {
    watchdog.close();
    client.close();
  }
}

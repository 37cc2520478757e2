package dev.jubjub.upstream;

import java.io.EOFException;
import java.security.cert.CertificateException;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET with retries: transient failures (I/O errors, stalls, 408, 429, 5xx) are retried with
 * backoff, honouring Retry-After; other statuses fail at once with the status in the exception.
 */
final class HttpFetcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);
  /**
   * Metadata responses are parsed in memory; a larger one is refused rather than risk the heap.
   * The bound is on the decoded bytes: a few KB of gzip can inflate to gigabytes.
   */
  static final int MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

  private final RetryPolicy retry;
  private final Duration timeout;
  private final String userAgent;
  private final StallWatchdog watchdog;
  private final int maxDocumentBytes;
  private final Proxy proxy;
  private final Authenticator proxyLogin;
  /** Built on the first https request: an http upstream (or a no-change run's) never pays for it. */
  private final Supplier<SSLSocketFactory> tls;

  static {
    // The keep-alive pool of HttpURLConnection keeps 5 idle connections per host unless told
    // otherwise; workers may be up to 64.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "64");
    }
    // The JDK refuses Basic credentials for the CONNECT of an https upstream through a proxy
    // unless told otherwise; the user gave them for exactly that proxy.
    if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
      System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
    }
  }

  HttpFetcher(
      Proxy proxy,
      Optional<PasswordAuthentication> proxyLogin,
      RetryPolicy retry,
      Duration timeout,
      Duration globalTimeout,
      String userAgent,
      int maxDocumentBytes,
      Supplier<SSLSocketFactory> tls) {
    this.tls = tls;
    this.proxy = proxy;
    this.proxyLogin = proxyLogin.map(HttpFetcher::proxyOnly).orElse(null);
    this.retry = retry;
    this.timeout = timeout;
    this.userAgent = userAgent;
    this.watchdog = new StallWatchdog(timeout, globalTimeout);
    this.maxDocumentBytes = maxDocumentBytes;
  }

  /** {@code host:port} of the proxy, as the config gives it. */
  private String proxyName() {
    return proxy.address() instanceof InetSocketAddress a ? a.getHostString() + ":" + a.getPort() : String.valueOf(proxy.address());
  }

  /** Where a failure happened when a proxy stands between: its answer or the upstream's, who can tell. */
  private String via() {
    return proxy == Proxy.NO_PROXY ? "" : " (through the proxy " + proxyName() + ")";
  }

  /** Answers the proxy's 407 only: the credentials never go to an index or file host. */
  private static Authenticator proxyOnly(PasswordAuthentication login) {
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return getRequestorType() == RequestorType.PROXY ? login : null;
      }
    };
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
  static class VerificationException extends Exception {
    VerificationException(String message) {
      super(message);
    }
  }

  /** Bytes a retry cannot make acceptable (too large, an encoding not asked for): fails at once. */
  static final class RefusedException extends VerificationException {
    RefusedException(String message) {
      super(message);
    }
  }

  Document get(URI uri, String accept) throws UpstreamException {
    return document(uri, accept, null, null, maxDocumentBytes);
  }

  /**
   * With a tighter bound: a project's documents are held (several at once) before the heap budget
   * can weigh them, so they are bounded by the heap too; the listing, read once, is not.
   */
  Document get(URI uri, String accept, int limit) throws UpstreamException {
    return document(uri, accept, null, null, Math.min(limit, maxDocumentBytes));
  }

  Document post(URI uri, String contentType, byte[] body) throws UpstreamException {
    return document(uri, "text/xml", contentType, body, maxDocumentBytes);
  }

  /**
   * A whole response body in memory, decoded, bounded by the document limit. Documents are asked
   * for gzipped: JSON shrinks three- to sixfold, and PyPI's listing is tens of megabytes.
   */
  private Document document(URI uri, String accept, String contentType, byte[] body, int limit)
      throws UpstreamException {
    return exchange(uri, () -> open(uri, accept, "gzip", contentType, body),
        (in, headers) -> new Document(uri, 200, headers, decode(in, headers, limit)));
  }

  /**
   * Without Accept-Encoding: a file's sha256 and size are those of the bytes as published, so
   * nothing may re-encode them on the way.
   */
  <T> T stream(URI uri, BodyConsumer<T> consumer) throws UpstreamException {
    return exchange(uri, () -> open(uri, "*/*", "identity", null, null), consumer);
  }

  /**
   * Like {@link #stream}, but no redirect is followed: the caller checked {@code uri} is on
   * upstream, and a redirect could lead anywhere (a cloud metadata address), so it is an error.
   */
  <T> T streamWithoutRedirects(URI uri, BodyConsumer<T> consumer) throws UpstreamException {
    return exchange(uri, () -> openOnce(uri, "*/*", "identity", null, null, false), consumer);
  }

  /**
   * One request over a plain blocking {@link HttpURLConnection} from its keep-alive pool, one
   * connection per worker. With virtual threads it reads 1 GB/s on loopback, where the JDK's
   * asynchronous HttpClient streamed 360-400 MB/s and spent most of a small-file mirror's Java
   * CPU time in its selector and futures; each download has its own TCP window, not a share of
   * one HTTP/2 connection's.
   *
   * @param body a POST body, or null for a GET
   */
  private Reply open(URI uri, String accept, String encoding, String contentType, byte[] body) throws IOException {
    Reply reply = openOnce(uri, accept, encoding, contentType, body);
    // HttpURLConnection follows redirects within a scheme only; an upgrade from http to https
    // (a plain-http master behind a redirect) is followed here, a downgrade never.
    for (int hops = 0; hops < 5 && body == null && isRedirect(reply.status()); hops++) {
      Optional<String> location = reply.headers().firstValue("Location");
      URI next = location.map(uri::resolve).orElse(null);
      if (next == null || !"http".equals(uri.getScheme()) || !"https".equals(next.getScheme())) {
        break;
      }
      reply.body().close();
      uri = next;
      reply = openOnce(uri, accept, encoding, contentType, null);
    }
    return reply;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private Reply openOnce(URI uri, String accept, String encoding, String contentType, byte[] body)
      throws IOException {
    return openOnce(uri, accept, encoding, contentType, body, true);
  }

  private Reply openOnce(
      URI uri, String accept, String encoding, String contentType, byte[] body, boolean followRedirects)
      throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxy);
    if (connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls.get());
    }
    if (proxyLogin != null) {
      connection.setAuthenticator(proxyLogin);
    }
    int millis = Math.toIntExact(Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    connection.setConnectTimeout(millis);
    connection.setReadTimeout(millis);
    connection.setInstanceFollowRedirects(followRedirects);
    connection.setRequestProperty("User-Agent", userAgent);
    connection.setRequestProperty("Accept", accept);
    connection.setRequestProperty("Accept-Encoding", encoding);
    if (body != null) {
      connection.setRequestMethod("POST");
      connection.setRequestProperty("Content-Type", contentType);
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
    }
    int status = connection.getResponseCode();
    InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    Map<String, List<String>> fields = new HashMap<>();
    connection.getHeaderFields().forEach((name, values) -> {
      if (name != null) {
        fields.put(name, values);
      }
    });
    return new Reply(status, HttpHeaders.of(fields, (name, value) -> true),
        in == null ? InputStream.nullInputStream() : in);
  }

  /** What one attempt got: status, headers and the body to read. */
  private record Reply(int status, HttpHeaders headers, InputStream body) {}

  /** One attempt at a request, repeated by {@link #exchange} on a transient failure. */
  private interface Transport {
    Reply send() throws IOException;
  }

  /** The body as sent before any Content-Encoding, at most {@code limit} bytes of it. */
  private byte[] decode(InputStream raw, HttpHeaders headers, int limit) throws IOException, VerificationException {
    String encoding =
        headers.firstValue("Content-Encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
    boolean gzip = encoding.equals("gzip") || encoding.equals("x-gzip");
    if (!gzip && !encoding.equals("identity") && !encoding.isEmpty()) {
      throw new RefusedException("unsupported Content-Encoding " + encoding);
    }
    byte[] bytes;
    try {
      long length = gzip ? -1 : contentLength(headers);
      if (length > limit) {
        throw new RefusedException(tooLarge(limit, false));
      }
      if (length >= 0) {
        // Read into its final array: a large document is not held twice while it arrives.
        bytes = new byte[(int) length];
        int n = raw.readNBytes(bytes, 0, bytes.length);
        if (n < length) {
          throw new EOFException("body ended after " + n + " of " + length + " bytes");
        }
      } else {
        InputStream in = gzip ? new GZIPInputStream(raw, 64 * 1024) : raw;
        bytes = in.readNBytes(limit + 1);
      }
    } catch (ZipException | EOFException e) {
      if (!gzip) {
        throw e;
      }
      // Corrupt or cut short (the CRC in the trailer catches a flipped byte): retried like a
      // short body.
      throw new VerificationException("broken gzip body: " + e.getMessage());
    }
    if (bytes.length > limit) {
      throw new RefusedException(tooLarge(limit, gzip));
    }
    return bytes;
  }

  private String tooLarge(int limit, boolean gzip) {
    return "response larger than " + limit + " bytes" + (gzip ? " when decoded" : "")
        + (limit < maxDocumentBytes ? " (a sixteenth of this process's heap: raise -Xmx through JUBJUB_JAVA_OPTS)" : "");
  }

  /** The declared length, or -1 when absent or not a number. */
  private static long contentLength(HttpHeaders headers) {
    try {
      return headers.firstValueAsLong("Content-Length").orElse(-1);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private <T> T exchange(URI uri, Transport transport, BodyConsumer<T> consumer) throws UpstreamException {
    for (int attempt = 1; ; attempt++) {
      Duration retryAfter = null;
      String failure;
      Throwable cause = null;
      int status = 0;
      long begun = System.nanoTime();
      try {
        Reply response = transport.send();
        status = response.status();
        if (log.isDebugEnabled()) {
          log.debug("{}: HTTP {} after {} ms{} (attempt {})", uri, status, (System.nanoTime() - begun) / 1_000_000,
              response.headers().firstValue("Content-Length").map(n -> ", " + n + " bytes").orElse(""), attempt);
        }
        try (InputStream in = watchdog.watch(response.body())) {
          if (status == 200) {
            return consumer.accept(in, response.headers());
          }
          in.readNBytes(64 * 1024);
        }
        failure = "HTTP " + status;
        if (status == 407) {
          failure = "HTTP 407 from the proxy " + proxyName() + ": it wants a login, or refused the one in"
              + " `proxy` (user:password@, percent-encoded)";
        }
        if (status >= 300 && status < 400) {
          // The connection follows redirects within one scheme; this one leads elsewhere.
          failure = "HTTP " + status + ": a redirect not followed, to "
              + response.headers().firstValue("Location").orElse("nowhere")
              + " (another scheme, or no Location)";
        }
        if (!retryable(status)) {
          throw new UpstreamException(uri, status, failure, null);
        }
        retryAfter = retryAfter(response.headers());
      } catch (ProtocolException e) {
        if (String.valueOf(e.getMessage()).contains("redirected too many times")) {
          throw new UpstreamException(uri, "too many redirects (a redirect loop?): " + e.getMessage(), e);
        }
        failure = e.getMessage();
        cause = e;
      } catch (SocketTimeoutException e) {
        failure = "timed out after " + timeout.toSeconds() + " s";
        cause = e;
      } catch (SSLException e) {
        Optional<CertificateException> refused = certificateProblem(e);
        if (refused.isPresent()) {
          // Asking again cannot change a certificate: one line with the fix, at once.
          throw new UpstreamException(uri, "TLS: " + uri.getHost() + "'s certificate is not trusted ("
              + innermost(refused.get()) + "); if a private CA signed it, name that CA's PEM file in [mirror]"
              + " ca-bundle or SSL_CERT_FILE; check the host name and this machine's clock" + via(), e);
        }
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cause = e;
      } catch (IOException e) {
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cause = e;
      } catch (RefusedException e) {
        throw new UpstreamException(uri, e.getMessage(), e);
      } catch (VerificationException e) {
        failure = e.getMessage();
        cause = e;
      }
      if (attempt >= retry.attempts()) {
        throw new UpstreamException(uri, status, failure + " after " + attempt + " attempts" + via(), cause);
      }
      Duration delay = retry.delay(attempt, retryAfter);
      log.warn("{}: {}{}; retrying in {} ms", uri, failure, via(), delay.toMillis());
      sleep(uri, delay);
    }
  }

  private static Optional<CertificateException> certificateProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException c) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The message of the deepest cause: "PKIX path building failed: …: unable to find valid certification path". */
  private static String innermost(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return String.valueOf(message);
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
  }
}

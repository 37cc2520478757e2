package dev.jubjub.upstream;

import java.net.URI;

/** A request to upstream that failed for good (after retries), naming the URL and the reason. */
public class UpstreamException extends Exception {
  private final URI url;
  private final int status;

  public UpstreamException(URI url, int status, String reason, Throwable cause) {
    super(reason + " (" + url + ")", cause);
    this.url = url;
    this.status = status;
  }

  public UpstreamException(URI url, String reason, Throwable cause) {
    this(url, 0, reason, cause);
  }

  public URI url() {
    return url;
  }

  /** The HTTP status, or 0 when the failure was not an HTTP answer. */
  public int status() {
    return status;
  }

  public boolean notFound() {
    return status == 404 || status == 410;
  }
}

package dev.jubjub.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to wait between attempts: exponential backoff with full jitter (so that
 * many workers do not retry in lockstep), and the server's Retry-After when it gives one, capped.
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1");
    }
  }

  /** The longest Retry-After honoured; a server asking for more gets retried after this. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  /** Delay before attempt {@code attempt + 1}, where {@code attempt} counts from 1. */
  Duration delay(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    }
    long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
  }
}

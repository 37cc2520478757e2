package dev.jubjub.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** An injected fault for requests whose path matches, for the next N of them or always. */
public final class FaultRule {
  static final int ALWAYS = -1;

  private final Predicate<String> path;
  private final Fault fault;
  private final AtomicInteger remaining;
  private final AtomicInteger fired = new AtomicInteger();

  FaultRule(Predicate<String> path, int times, Fault fault) {
    if (times < 0 && times != ALWAYS) {
      throw new IllegalArgumentException("times must be >= 0: " + times);
    }
    this.path = path;
    this.fault = fault;
    this.remaining = new AtomicInteger(times);
  }

  public Fault fault() {
    return fault;
  }

  /** How many requests this rule has hit so far. */
  public int fired() {
    return fired.get();
  }

  /** Requests it may still hit; -1 when unlimited. */
  public int remaining() {
    return remaining.get();
  }

  public void cancel() {
    remaining.set(0);
  }

  /** Claims one use for a matching path; false when it does not match or is used up. */
  boolean claim(String requestPath) {
    if (!path.test(requestPath)) {
      return false;
    }
    int left;
    do {
      left = remaining.get();
      if (left == 0) {
        return false;
      }
    } while (left != ALWAYS && !remaining.compareAndSet(left, left - 1));
    fired.incrementAndGet();
    return true;
  }
}

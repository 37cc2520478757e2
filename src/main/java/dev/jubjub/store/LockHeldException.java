package dev.jubjub.store;

/** Another process holds the mirror lock. */
public final class LockHeldException extends Exception {
  public LockHeldException(String message) {
    super(message);
  }
}

package dev.jubjub.sync;

import java.io.IOException;

/** The filters would empty the mirror and nobody confirmed it. */
public final class FilterConfirmationException extends IOException {
  public FilterConfirmationException(String message) {
    super(message);
  }
}

package dev.jubjub.search;

/** There is no index to search yet (or it cannot be opened): the message says what to run. */
public final class SearchUnavailableException extends Exception {
  SearchUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

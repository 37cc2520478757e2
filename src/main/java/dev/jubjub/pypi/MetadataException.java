package dev.jubjub.pypi;

/** Upstream metadata that cannot be trusted: malformed JSON, missing fields, hostile values. */
public final class MetadataException extends Exception {
  public MetadataException(String message) {
    super(message);
  }

  public MetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}

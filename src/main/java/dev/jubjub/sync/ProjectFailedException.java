package dev.jubjub.sync;

/** One project could not be synced; the message names the project and the URL or file. */
final class ProjectFailedException extends Exception {
  ProjectFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.jubjub.index;

import java.io.IOException;
import java.io.Writer;

/**
 * The root simple index in HTML and PEP 691 JSON, written as names arrive so that 700k+ projects
 * never sit in memory as one document.
 */
public final class RootIndex {
  private RootIndex() {}

  public static void htmlStart(Writer out) throws IOException {
    out.write(
        "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\""
            + SimplePages.REPOSITORY_VERSION
            + "\">\n    <title>Simple Index</title>\n  </head>\n  <body>\n");
  }

  /** One project; {@code normalized} is a validated PEP 503 name, safe in HTML as it is. */
  public static void htmlEntry(Writer out, String normalized) throws IOException {
    out.write("    <a href=\"" + normalized + "/\">" + normalized + "</a><br/>\n");
  }

  public static void htmlEnd(Writer out) throws IOException {
    out.write("  </body>\n</html>");
  }

  public static void jsonStart(Writer out, long serial) throws IOException {
    out.write(
        "{\"meta\": {\"_last-serial\": " + serial + ", \"api-version\": \""
            + SimplePages.API_VERSION + "\"}, \"projects\": [");
  }

  /**
   * One project. Unlike bandersnatch, the entry carries the project's {@code _last-serial} (as
   * PyPI's listing does) when it is known, so another mirror can sync incrementally from this one.
   */
  public static void jsonEntry(Writer out, String normalized, long serial, boolean first) throws IOException {
    out.write((first ? "" : ", ") + "{\"name\": \"" + normalized + "\""
        + (serial >= 0 ? ", \"_last-serial\": " + serial : "") + "}");
  }

  public static void jsonEnd(Writer out) throws IOException {
    out.write("]}");
  }
}

package dev.jubjub.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The commented default configuration we write when none exists (resource default.conf). */
final class DefaultConfig {
  static final String FILE_NAME = "bandersnatch.conf";
  private static final String RESOURCE = "default.conf";
  private static final Pattern DIRECTORY_LINE =
      Pattern.compile("^directory = .*$", Pattern.MULTILINE);

  private DefaultConfig() {}

  static String text() {
    try (InputStream in = DefaultConfig.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text written to {@code file} when no config exists: the default, saying where it lives. */
  static String writtenTo(Path file) {
    return "; " + file.toAbsolutePath().normalize() + ": jubjub's default configuration.\n" + text();
  }

  /** The default text with its {@code directory = ...} line pointing at {@code directory}. */
  static String withDirectory(Path directory) {
    String text = text();
    Matcher m = DIRECTORY_LINE.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException(RESOURCE + " has no 'directory = ' line");
    }
    // A literal % would start an interpolation reference.
    String value = directory.toString().replace("%", "%%");
    return m.replaceFirst(Matcher.quoteReplacement("directory = " + value));
  }
}

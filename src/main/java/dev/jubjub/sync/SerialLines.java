package dev.jubjub.sync;

import dev.jubjub.pypi.Serial;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@code name serial} lines of the mirror's state files ({@code todo}, progress notes,
 * {@code .jubjub-skipped}, {@code .jubjub-serials}): one format, read and written in one place.
 */
final class SerialLines {
  private SerialLines() {}

  /** Hands over a line's name and serial; a line without both is skipped. */
  static void parseLine(String line, BiConsumer<String, Long> sink) {
    int space = line.indexOf(' ');
    long serial = space <= 0 ? -1 : Serial.parse(line.substring(space + 1));
    if (serial >= 0) {
      sink.accept(line.substring(0, space), serial);
    }
  }

  static void parse(String text, BiConsumer<String, Long> sink) {
    for (String line : text.split("\n")) {
      parseLine(line, sink);
    }
  }

  /** Appends one line per entry, in the map's order. */
  static StringBuilder append(StringBuilder out, Map<String, Long> entries) {
    entries.forEach((name, serial) -> out.append(name).append(' ').append(serial).append('\n'));
    return out;
  }
}

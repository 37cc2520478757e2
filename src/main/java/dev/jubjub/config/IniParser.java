package dev.jubjub.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads INI text the way Python's {@code configparser.RawConfigParser._read} does with its
 * defaults ({@code strict}, {@code empty_lines_in_values}, no inline comments), so a file
 * bandersnatch accepts yields the same values here. Differences, all additions: keys are looked up
 * without regard to case, and {@code :} works as a delimiter on lines without {@code =} (see
 * {@link #splitOption}).
 */
final class IniParser {
  static final String DEFAULT_SECTION = "DEFAULT";
  /** configparser's SECTCRE, matched at the start of the stripped line as {@code re.match} does. */
  private static final Pattern SECTION_HEADER = Pattern.compile("\\[(.+)]");

  private final Path file;
  private final Map<String, Map<String, IniEntry>> sections = new LinkedHashMap<>();
  private final Map<String, Integer> headerLines = new HashMap<>();
  private Map<String, IniEntry> section;
  private String sectionName;
  private OpenValue open;
  private int indentLevel;

  /** The option whose value continuation lines extend. */
  private record OpenValue(IniEntry entry, List<String> lines) {}

  private IniParser(Path file) {
    this.file = file;
  }

  static IniFile parse(Path file, String text) {
    return new IniParser(file).run(text);
  }

  private IniFile run(String text) {
    // Python's utf-8 codec would keep a BOM and then fail on "\ufeff[mirror]"; editors add them.
    String body = text.startsWith("\ufeff") ? text.substring(1) : text;
    String[] lines = body.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      readLine(lines[i], i + 1);
    }
    closeValue();
    Map<String, IniEntry> defaults = sections.remove(DEFAULT_SECTION);
    return new IniFile(file, sections, defaults == null ? Map.of() : defaults);
  }

  private void readLine(String line, int lineNo) {
    String stripped = line.strip();
    if (stripped.startsWith("#") || stripped.startsWith(";")) {
      return; // a comment, even indented and even inside a multi-line value
    }
    if (stripped.isEmpty()) {
      if (open != null) {
        open.lines.add(""); // kept inside a multi-line value; trailing ones are dropped at the end
      }
      return;
    }
    int indent = indentOf(line);
    if (open != null && indent > indentLevel) {
      open.lines.add(stripped);
      return;
    }
    indentLevel = indent;
    Matcher header = SECTION_HEADER.matcher(stripped);
    if (header.lookingAt()) {
      startSection(header.group(1), lineNo);
    } else if (section == null) {
      throw new ConfigException(
          new Location(file, lineNo),
          Values.quote(stripped) + " is outside any section; a file starts with a header like"
              + " [mirror]");
    } else {
      startOption(stripped, lineNo);
    }
  }

  private void startSection(String name, int lineNo) {
    closeValue();
    Integer first = headerLines.get(name);
    // configparser lets [DEFAULT] reopen; its options still may not repeat (checked per option).
    if (first != null && !name.equals(DEFAULT_SECTION)) {
      throw new ConfigException(
          new Location(file, lineNo),
          "duplicate section [" + name + "] (first at line " + first + ")");
    }
    headerLines.putIfAbsent(name, lineNo);
    sectionName = name;
    section = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
  }

  private void startOption(String stripped, int lineNo) {
    closeValue();
    Location location = new Location(file, lineNo);
    String[] kv = splitOption(stripped, location);
    String folded = fold(kv[0]);
    IniEntry previous = section.get(folded);
    if (previous != null) {
      throw new ConfigException(
          location,
          "duplicate option '" + kv[0] + "' in [" + sectionName + "] (first set at line "
              + previous.location().line() + ")");
    }
    IniEntry entry = new IniEntry(sectionName, kv[0], "", location);
    section.put(folded, entry);
    List<String> lines = new ArrayList<>();
    lines.add(kv[1]);
    open = new OpenValue(entry, lines);
  }

  /**
   * Splits {@code key = value}. bandersnatch sets {@code delimiters="="} because metadata filter
   * keys contain colons ({@code not-null:info.classifiers = ...}); we honour that, and take
   * {@code key: value} only when the line has no {@code =}, which bandersnatch rejects anyway.
   */
  private static String[] splitOption(String stripped, Location location) {
    int at = stripped.indexOf('=');
    if (at < 0) {
      at = stripped.indexOf(':');
    }
    if (at < 0) {
      throw new ConfigException(
          location, "expected 'name = value', a [section] header or a comment, got "
              + Values.quote(stripped));
    }
    String key = stripped.substring(0, at).strip();
    if (key.isEmpty()) {
      throw new ConfigException(location, "option without a name: " + Values.quote(stripped));
    }
    return new String[] {key, stripped.substring(at + 1).strip()};
  }

  /** Joins the open value's lines as configparser does: with "\n", trailing blanks removed. */
  private void closeValue() {
    if (open == null) {
      return;
    }
    IniEntry e = open.entry;
    String joined = String.join("\n", open.lines).stripTrailing();
    IniEntry closed = new IniEntry(e.section(), e.key(), joined, e.location());
    sections.get(e.section()).put(fold(e.key()), closed);
    open = null;
  }

  /** Python counts any non-whitespace character as the end of the indent, tabs as one. */
  private static int indentOf(String line) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i;
  }

  static String fold(String key) {
    return key.toLowerCase(Locale.ROOT);
  }
}

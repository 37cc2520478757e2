package dev.jubjub.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed INI file with Python {@code configparser} semantics, as bandersnatch reads its
 * configuration: sections in file order; keys matched without regard to case; {@code [DEFAULT]}
 * options visible in every section; values expanded with {@code %(name)s} interpolation when read.
 * Immutable. Every value keeps its {@link Location}, and the typed getters fail with a {@link
 * ConfigException} that names option, value and {@code file:line}.
 */
public final class IniFile {
  private final Path path;
  private final Map<String, Map<String, IniEntry>> sections;
  private final Map<String, IniEntry> defaults;

  IniFile(Path path, Map<String, Map<String, IniEntry>> sections, Map<String, IniEntry> defaults) {
    this.path = path;
    Map<String, Map<String, IniEntry>> copy = new LinkedHashMap<>();
    sections.forEach((name, entries) -> copy.put(name, Collections.unmodifiableMap(
        new LinkedHashMap<>(entries))));
    this.sections = Collections.unmodifiableMap(copy);
    this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
  }

  /** Reads {@code file} as UTF-8. Unreadable or malformed files throw {@link ConfigException}. */
  public static IniFile read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new ConfigException(file + ": not valid UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + Values.describe(e));
    }
    return parse(file, text);
  }

  /** Parses {@code text}; {@code file} is only used to name places in messages. */
  public static IniFile parse(Path file, String text) {
    return IniParser.parse(file, text);
  }

  public Path path() {
    return path;
  }

  /** Section names in file order, without {@code [DEFAULT]} (as configparser lists them). */
  public List<String> sections() {
    return List.copyOf(sections.keySet());
  }

  /** Whether the section exists; section names, unlike keys, are case-sensitive. */
  public boolean hasSection(String section) {
    return sections.containsKey(section);
  }

  /** The section's own entries in file order, without those inherited from {@code [DEFAULT]}. */
  public List<IniEntry> entries(String section) {
    Map<String, IniEntry> own = own(section);
    return own == null ? List.of() : List.copyOf(own.values());
  }

  /** Keys as written: the section's own, then the {@code [DEFAULT]} ones it does not override. */
  public List<String> keys(String section) {
    Map<String, IniEntry> own = own(section);
    if (own == null) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    own.values().forEach(e -> keys.add(e.key()));
    defaults.forEach((folded, e) -> {
      if (!own.containsKey(folded)) {
        keys.add(e.key());
      }
    });
    return keys;
  }

  /** The entry for {@code key} in {@code section} or {@code [DEFAULT]}, uninterpolated. */
  public Optional<IniEntry> entry(String section, String key) {
    Map<String, IniEntry> own = own(section);
    if (own == null) {
      return Optional.empty();
    }
    String folded = IniParser.fold(key);
    IniEntry e = own.get(folded);
    return Optional.ofNullable(e != null ? e : defaults.get(folded));
  }

  /** The interpolated value of {@code key}, empty when the section or option is absent. */
  public Optional<String> get(String section, String key) {
    return entry(section, key).map(this::value);
  }

  /**
   * A multi-line value as a list, the way bandersnatch reads {@code enabled} or {@code packages}:
   * one item per line, trimmed, blank lines dropped. Empty when the option is absent.
   */
  public List<String> getList(String section, String key) {
    return get(section, key).stream()
        .flatMap(String::lines)
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** As configparser's {@code getboolean}: 1/yes/true/on, 0/no/false/off, any case. */
  public Optional<Boolean> getBoolean(String section, String key) {
    return entry(section, key).map(e -> Values.toBoolean(e, value(e)));
  }

  public Optional<Integer> getInt(String section, String key) {
    return entry(section, key).map(e -> Values.toInt(e, value(e)));
  }

  /** The interpolated value of an entry of this file (references resolve in its section). */
  public String value(IniEntry entry) {
    return Interpolation.expand(entry, name -> entry(entry.section(), name));
  }

  private Map<String, IniEntry> own(String section) {
    return IniParser.DEFAULT_SECTION.equals(section) ? defaults : sections.get(section);
  }

  @Override
  public String toString() {
    return "IniFile[" + path + ", sections=" + sections.keySet() + "]";
  }
}

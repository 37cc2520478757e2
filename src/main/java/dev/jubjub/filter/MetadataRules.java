package dev.jubjub.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.config.ConfigException;
import dev.jubjub.config.IniEntry;
import dev.jubjub.config.IniFile;
import dev.jubjub.pypi.SpecifierSet;
import dev.jubjub.pypi.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * bandersnatch's metadata rules: each key of a section is {@code [tag:…]dotted.path} into the
 * JSON metadata, each value a list of patterns (regex rules) or versions (version-range rules).
 * Tags: {@code any} (default), {@code all}, {@code none}; {@code match-null} (default: a missing
 * value passes) or {@code not-null}. A document passes when every key passes.
 */
final class MetadataRules {
  private enum Mode { ANY, ALL, NONE }

  private record Rule(Mode mode, boolean nullsMatch, String[] path, List<Pattern> patterns, List<Version> versions) {}

  private final List<Rule> rules;

  private MetadataRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  static MetadataRules regex(IniFile ini, String section, StringBuilder fingerprint) {
    return read(ini, section, fingerprint, false);
  }

  static MetadataRules versionRanges(IniFile ini, String section, StringBuilder fingerprint) {
    return read(ini, section, fingerprint, true);
  }

  private static MetadataRules read(IniFile ini, String section, StringBuilder fingerprint, boolean versions) {
    List<Rule> rules = new ArrayList<>();
    for (IniEntry entry : ini.entries(section)) {
      String[] tags = entry.key().split(":");
      Mode mode = Mode.ANY;
      boolean nullsMatch = true;
      for (int i = 0; i < tags.length - 1; i++) {
        switch (tags[i]) {
          case "not-null" -> nullsMatch = false;
          case "match-null" -> nullsMatch = true;
          case "all" -> mode = Mode.ALL;
          case "any" -> mode = Mode.ANY;
          case "none" -> mode = Mode.NONE;
          default -> throw new ConfigException(entry.location(), "[" + section + "] unknown tag '" + tags[i]
              + "' (expected any, all, none, match-null or not-null)");
        }
      }
      List<Pattern> patterns = new ArrayList<>();
      List<Version> vs = new ArrayList<>();
      for (String line : ini.getList(section, entry.key())) {
        try {
          if (versions) {
            vs.add(Version.parse(line.trim()));
          } else {
            patterns.add(Pattern.compile(line.trim()));
          }
        } catch (IllegalArgumentException e) {
          throw new ConfigException(entry.location(), "[" + section + "] " + entry.key() + ": cannot use '"
              + line.trim() + "': " + e.getMessage());
        }
      }
      fingerprint.append(section).append('.').append(entry.key()).append('=').append(patterns).append(vs).append('\n');
      rules.add(new Rule(mode, nullsMatch, tags[tags.length - 1].split("\\."), patterns, vs));
    }
    return new MetadataRules(rules);
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  boolean passes(JsonNode doc) {
    for (Rule rule : rules) {
      if (!passes(rule, doc)) {
        return false;
      }
    }
    return true;
  }

  private static boolean passes(Rule rule, JsonNode doc) {
    JsonNode node = doc;
    for (String part : rule.path()) {
      node = node.path(part);
      if (node.isMissingNode() || node.isNull()) {
        node = null;
        break;
      }
    }
    if (!rule.versions().isEmpty()) {
      return versionsPass(rule, node);
    }
    List<String> values = new ArrayList<>();
    if (node != null) {
      if (node.isArray()) {
        node.forEach(v -> values.add(v.asText()));
      } else {
        values.add(node.asText());
      }
    }
    return switch (rule.mode()) {
      case ANY -> any(rule.patterns(), values, rule.nullsMatch());
      // As bandersnatch: "none" judges a missing value as matching, whatever the null tag says.
      case NONE -> !any(rule.patterns(), values, true);
      case ALL -> rule.patterns().stream().allMatch(p ->
          (rule.nullsMatch() && values.isEmpty()) || values.stream().anyMatch(v -> p.matcher(v).lookingAt()));
    };
  }

  private static boolean any(List<Pattern> patterns, List<String> values, boolean nullsMatch) {
    if (values.isEmpty()) {
      return nullsMatch && !patterns.isEmpty();
    }
    return patterns.stream().anyMatch(p -> values.stream().anyMatch(v -> p.matcher(v).lookingAt()));
  }

  /** The value is a specifier set (requires_python); it must admit one of the configured versions. */
  private static boolean versionsPass(Rule rule, JsonNode node) {
    if (node == null || node.asText().isEmpty()) {
      return rule.nullsMatch();
    }
    SpecifierSet specifiers;
    try {
      specifiers = SpecifierSet.parse(node.asText());
    } catch (IllegalArgumentException e) {
      return true; // an unparseable range cannot be judged; keep the file rather than lose it
    }
    return rule.versions().stream().anyMatch(v -> specifiers.contains(v, true));
  }
}

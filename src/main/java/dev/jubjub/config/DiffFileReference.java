package dev.jubjub.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bandersnatch's {@code {{section_option}}} references in {@code diff-file}, e.g. {@code diff-file
 * = {{mirror_directory}}/mirrored-files}: replaced by that option's value. The section is what
 * precedes the first {@code _} (so section names cannot contain one), the option what follows;
 * spaces around either are ignored.
 */
final class DiffFileReference {
  private static final Pattern REFERENCE = Pattern.compile("\\{\\{(.+?)}}");

  private DiffFileReference() {}

  static String resolve(IniFile ini, IniEntry entry, String value) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(lookup(ini, entry, value, m.group(1))));
    }
    return m.appendTail(out).toString();
  }

  private static String lookup(IniFile ini, IniEntry entry, String value, String reference) {
    int underscore = reference.indexOf('_');
    String section = underscore < 0 ? "" : reference.substring(0, underscore).strip();
    String option = underscore < 0 ? "" : reference.substring(underscore + 1).strip();
    if (section.isEmpty() || option.isEmpty()) {
      throw entry.invalid(value, "'{{" + reference + "}}' is not a {{section_option}} reference");
    }
    return ini.get(section, option).orElseThrow(() -> entry.invalid(value,
        "'{{" + reference + "}}' refers to option '" + option + "' in [" + section
            + "], which is not set"));
  }
}

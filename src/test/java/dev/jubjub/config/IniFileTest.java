package dev.jubjub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniFileTest {
  private static final Path FILE = Path.of("bandersnatch.conf");

  private static IniFile parse(String text) {
    return IniFile.parse(FILE, text);
  }

  @Test
  void readsSectionsInFileOrder() {
    IniFile ini = parse("[mirror]\na = 1\n[plugins]\n[blocklist]\n");
    assertThat(ini.sections()).containsExactly("mirror", "plugins", "blocklist");
    assertThat(ini.hasSection("mirror")).isTrue();
    assertThat(ini.hasSection("Mirror")).as("section names are case-sensitive").isFalse();
  }

  @Test
  void acceptsEqualsAndColonDelimitersAndStripsAroundThem() {
    IniFile ini = parse("[s]\na = 1\nb=2\nc: 3\nd:4\ne =\n");
    assertThat(ini.get("s", "a")).contains("1");
    assertThat(ini.get("s", "b")).contains("2");
    assertThat(ini.get("s", "c")).contains("3");
    assertThat(ini.get("s", "d")).contains("4");
    assertThat(ini.get("s", "e")).contains("");
  }

  @Test
  void equalsSignWinsSoMetadataFilterKeysKeepTheirColons() {
    IniFile ini =
        parse("[regex_project_metadata]\nnot-null:info.classifiers = x\nurl = http://a:8/\n");
    assertThat(ini.keys("regex_project_metadata"))
        .containsExactly("not-null:info.classifiers", "url");
    assertThat(ini.get("regex_project_metadata", "url")).contains("http://a:8/");
  }

  @Test
  void skipsFullLineCommentsEvenWhenIndentedButKeepsInlineOnes() {
    IniFile ini =
        parse("# top\n; top\n[s]\n  # indented\na = 1 ; not a comment\nb = x # nor this\n");
    assertThat(ini.get("s", "a")).contains("1 ; not a comment");
    assertThat(ini.get("s", "b")).contains("x # nor this");
    assertThat(ini.keys("s")).containsExactly("a", "b");
  }

  @Test
  void joinsIndentedContinuationLinesWithNewlines() {
    IniFile ini = parse("[s]\nlist =\n    one\n\ttwo\n  three  \nnext = 1\n");
    assertThat(ini.get("s", "list")).contains("\none\ntwo\nthree");
    assertThat(ini.get("s", "next")).contains("1");
  }

  @Test
  void keepsInnerEmptyLinesDropsTrailingOnesAndSkipsCommentsInsideValues() {
    IniFile ini = parse("[s]\nv = first\n  second\n\n  # gone\n  third\n\n\nw = 2\n");
    assertThat(ini.get("s", "v")).contains("first\nsecond\n\nthird");
  }

  @Test
  void continuationIsRelativeToTheOptionsOwnIndent() {
    IniFile ini = parse("[s]\n  a = 1\n  b = 2\n    more\n");
    assertThat(ini.get("s", "a")).contains("1");
    assertThat(ini.get("s", "b")).contains("2\nmore");
  }

  @Test
  void indentedHeaderAfterAnOptionIsPartOfItsValueAsInConfigparser() {
    IniFile ini = parse("[s]\na = 1\n  [t]\n");
    assertThat(ini.get("s", "a")).contains("1\n[t]");
    assertThat(ini.hasSection("t")).isFalse();
  }

  @Test
  void looksUpKeysWithoutRegardToCaseAndKeepsTheirSpelling() {
    IniFile ini = parse("[mirror]\nDirectory = /srv\n");
    assertThat(ini.get("mirror", "directory")).contains("/srv");
    assertThat(ini.get("mirror", "DIRECTORY")).contains("/srv");
    assertThat(ini.keys("mirror")).containsExactly("Directory");
    assertThat(ini.entry("mirror", "directory").orElseThrow().key()).isEqualTo("Directory");
  }

  @Test
  void defaultSectionValuesAreVisibleInEverySectionUnlessOverridden() {
    IniFile ini = parse("[DEFAULT]\nbase = /srv\nworkers = 2\n[mirror]\nworkers = 5\n[other]\n");
    assertThat(ini.sections()).containsExactly("mirror", "other");
    assertThat(ini.get("mirror", "base")).contains("/srv");
    assertThat(ini.get("mirror", "workers")).contains("5");
    assertThat(ini.get("other", "workers")).contains("2");
    assertThat(ini.keys("mirror")).containsExactly("workers", "base");
    assertThat(ini.entries("mirror")).extracting(IniEntry::key).containsExactly("workers");
    assertThat(ini.get("missing", "base")).isEmpty();
    assertThat(ini.get("DEFAULT", "base")).contains("/srv");
  }

  @Test
  void rejectsADuplicateSectionNamingBothLines() {
    assertThatThrownBy(() -> parse("[s]\na = 1\n\n[s]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bandersnatch.conf:4: duplicate section [s] (first at line 1)");
  }

  @Test
  void rejectsADuplicateOptionEvenInAnotherCase() {
    assertThatThrownBy(() -> parse("[s]\nkey = 1\nKEY = 2\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bandersnatch.conf:3: duplicate option 'KEY' in [s] (first set at line 2)");
  }

  @Test
  void letsDefaultReopenButNotRepeatAnOption() {
    assertThat(parse("[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[s]\n").get("s", "b")).contains("2");
    assertThatThrownBy(() -> parse("[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n"))
        .hasMessage("bandersnatch.conf:4: duplicate option 'a' in [DEFAULT] (first set at line 2)");
  }

  @Test
  void rejectsAnOptionOutsideAnySection() {
    assertThatThrownBy(() -> parse("\n# comment\ndirectory = /srv\n[mirror]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bandersnatch.conf:3: 'directory = /srv' is outside any section;"
            + " a file starts with a header like [mirror]");
  }

  @Test
  void rejectsALineThatIsNeitherOptionNorHeader() {
    assertThatThrownBy(() -> parse("[s]\njust words\n"))
        .hasMessage("bandersnatch.conf:2: expected 'name = value', a [section] header or a"
            + " comment, got 'just words'");
    assertThatThrownBy(() -> parse("[s]\n= value\n"))
        .hasMessage("bandersnatch.conf:2: option without a name: '= value'");
  }

  @Test
  void handlesWindowsLineEndingsAndAByteOrderMark() {
    IniFile ini = parse("\ufeff[s]\r\na = 1\r\nb =\r\n  x\r\n  y\r\n");
    assertThat(ini.get("s", "a")).contains("1");
    assertThat(ini.getList("s", "b")).containsExactly("x", "y");
  }

  @Test
  void remembersTheLineOfEveryKey() {
    IniFile ini = parse("[s]\n\na = 1\nb =\n  x\n");
    assertThat(ini.entry("s", "b").orElseThrow().location())
        .isEqualTo(new Location(FILE, 4))
        .hasToString("bandersnatch.conf:4");
  }

  @Test
  void getListSplitsLinesTrimsAndDropsBlanks() {
    IniFile ini = parse("[plugins]\nenabled =\n    blocklist_project\n\n    allowlist_release  \n"
        + "[single]\nenabled = all\n");
    assertThat(ini.getList("plugins", "enabled"))
        .containsExactly("blocklist_project", "allowlist_release");
    assertThat(ini.getList("single", "enabled")).containsExactly("all");
    assertThat(ini.getList("plugins", "missing")).isEmpty();
  }

  @Test
  void parsesBooleansLikeConfigparser() {
    IniFile ini =
        parse("[s]\na = 1\nb = YES\nc = True\nd = on\ne = 0\nf = No\ng = false\nh = OFF\n");
    for (String key : new String[] {"a", "b", "c", "d"}) {
      assertThat(ini.getBoolean("s", key)).as(key).contains(true);
    }
    for (String key : new String[] {"e", "f", "g", "h"}) {
      assertThat(ini.getBoolean("s", key)).as(key).contains(false);
    }
    assertThat(ini.getBoolean("s", "missing")).isEmpty();
  }

  @Test
  void refusesAnythingElseAsABooleanNamingOptionValueAndPlace() {
    IniFile ini = parse("[s]\n\nflag = maybe\nempty =\n");
    assertThatThrownBy(() -> ini.getBoolean("s", "flag"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bandersnatch.conf:3: invalid value 'maybe' for 'flag' in [s]: expected a"
            + " boolean (true/false, yes/no, on/off, 1/0)");
    assertThatThrownBy(() -> ini.getBoolean("s", "empty")).hasMessageContaining("''");
  }

  @Test
  void parsesIntegers() {
    IniFile ini = parse("[s]\nn = 42\nbad = 4.2\n");
    assertThat(ini.getInt("s", "n")).contains(42);
    assertThatThrownBy(() -> ini.getInt("s", "bad"))
        .hasMessage("bandersnatch.conf:3: invalid value '4.2' for 'bad' in [s]: expected a"
            + " whole number");
  }

  @Test
  void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("b.conf");
    Files.writeString(file, "[s]\na = 1\nb\n");
    assertThatThrownBy(() -> IniFile.read(file)).hasMessageStartingWith(file + ":3: ");
    assertThatThrownBy(() -> IniFile.read(dir.resolve("none.conf")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot read " + dir.resolve("none.conf") + ": no such file or directory");
    Files.write(file, new byte[] {'[', 's', ']', '\n', 'a', '=', (byte) 0xff});
    assertThatThrownBy(() -> IniFile.read(file)).hasMessage(file + ": not valid UTF-8 text");
  }

  @Test
  void parsesTheSampleConfigurationFromBandersnatchsDocs() {
    IniFile ini = parse("""
        [mirror]
        ; base destination path for mirrored files
        directory = /srv/pypi
        master = https://pypi.org
        workers = 3
        timeout = 15
        global-timeout = 18000
        stop-on-error = false

        [plugins]
        enabled =
            blocklist_project
            blocklist_release
            allowlist_project
            allowlist_release

        [blocklist]
        packages =
            example1
            example2>=1.4.2,<1.9,!=1.5.*,!=1.6.*
        platforms =
            windows
            py2.7

        [allowlist]
        packages =
            black==18.5
            ptr

        [regex_project_metadata]
        not-null:info.classifiers =
                .*Programming Language :: Python :: 2.*

        [latest_release]
        keep = 3
        """);
    assertThat(ini.sections()).containsExactly("mirror", "plugins", "blocklist", "allowlist",
        "regex_project_metadata", "latest_release");
    assertThat(ini.getList("plugins", "enabled")).containsExactly(
        "blocklist_project", "blocklist_release", "allowlist_project", "allowlist_release");
    assertThat(ini.getList("blocklist", "packages"))
        .containsExactly("example1", "example2>=1.4.2,<1.9,!=1.5.*,!=1.6.*");
    assertThat(ini.getList("blocklist", "platforms")).containsExactly("windows", "py2.7");
    assertThat(ini.getList("allowlist", "packages")).containsExactly("black==18.5", "ptr");
    assertThat(ini.getList("regex_project_metadata", "not-null:info.classifiers"))
        .containsExactly(".*Programming Language :: Python :: 2.*");
    assertThat(ini.getInt("latest_release", "keep")).contains(3);
    assertThat(ini.entry("blocklist", "packages").orElseThrow().location().line()).isEqualTo(18);
  }
}

package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequirementsFileTest {
  @TempDir Path dir;

  private static List<String> names(RequirementsFile file) {
    return file.requirements().stream().map(r -> r.name().display()).toList();
  }

  @Test
  void readsRequirementsSkippingCommentsAndBlankLines() {
    RequirementsFile file =
        RequirementsFile.parse(
            """
            # tools
            black==24.1.0   # formatter

            requests[socks]>=2.31 ; python_version >= "3.8"
            """,
            "config");
    assertThat(names(file)).containsExactly("black", "requests");
    assertThat(file.warnings()).isEmpty();
  }

  @Test
  void joinsBackslashContinuationsAndDropsHashes() {
    RequirementsFile file =
        RequirementsFile.parse(
            """
            certifi==2024.2.2 \\
                --hash=sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f \\
                --hash=sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1
            idna==3.6
            """,
            "locked.txt");
    assertThat(file.requirements()).extracting(Requirement::toString).containsExactly("certifi==2024.2.2", "idna==3.6");
    assertThat(file.warnings()).isEmpty();
  }

  @Test
  void ignoresOptionLinesWithAReason() {
    RequirementsFile file =
        RequirementsFile.parse(
            """
            --index-url https://example.org/simple
            -c constraints.txt
            -e git+https://example.org/x.git#egg=x
            --pre
            foo --global-option=x
            """,
            "reqs.txt");
    assertThat(names(file)).containsExactly("foo");
    assertThat(file.warnings())
        .hasSize(5)
        .anySatisfy(w -> assertThat(w).startsWith("reqs.txt:1: ignored '--index-url").contains("own upstream"))
        .anySatisfy(w -> assertThat(w).startsWith("reqs.txt:2: ignored '-c").contains("constraints"))
        .anySatisfy(w -> assertThat(w).startsWith("reqs.txt:3:").contains("editable"))
        .anySatisfy(w -> assertThat(w).startsWith("reqs.txt:5:").contains("--global-option"));
  }

  @Test
  void followsIncludesRelativeToTheIncludingFile() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("main.txt"), "a\n-r sub/dev.txt\n--requirement=sub/docs.txt\nz\n");
    Files.writeString(dir.resolve("sub/dev.txt"), "b\n-rdocs.txt\n");
    Files.writeString(dir.resolve("sub/docs.txt"), "c\n");
    RequirementsFile file = RequirementsFile.parse(dir.resolve("main.txt"));
    // docs.txt is read once, where it is first included.
    assertThat(names(file)).containsExactly("a", "b", "c", "z");
    assertThat(file.warnings()).isEmpty();
  }

  @Test
  void anIncludeCycleEndsWithAWarning() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "a\n-r b.txt\n");
    Files.writeString(dir.resolve("b.txt"), "b\n-r a.txt\n");
    RequirementsFile file = RequirementsFile.parse(dir.resolve("a.txt"));
    assertThat(names(file)).containsExactly("a", "b");
    assertThat(file.warnings()).singleElement().asString().contains("b.txt:2: not followed").contains("includes itself");
  }

  @Test
  void includesInTextAndRemoteIncludesAreNotFollowed() {
    RequirementsFile file = RequirementsFile.parse("-r other.txt\n-r https://example.org/r.txt\n", "packages");
    assertThat(file.requirements()).isEmpty();
    assertThat(file.warnings()).containsExactly(
        "packages:1: not followed '-r other.txt': the text has no directory",
        "packages:2: not followed '-r https://example.org/r.txt': remote files are not fetched");
  }

  @Test
  void aBadLineIsAnErrorNamingFileAndLine() throws Exception {
    Files.writeString(dir.resolve("inc.txt"), "ok\n\nnot a requirement\n");
    Files.writeString(dir.resolve("main.txt"), "-r inc.txt\n");
    assertThatThrownBy(() -> RequirementsFile.parse(dir.resolve("main.txt")))
        .isInstanceOf(RequirementsFileException.class)
        .hasMessageStartingWith(dir.resolve("inc.txt") + ":3: ")
        .satisfies(e -> assertThat(((RequirementsFileException) e).line()).contains(3));
  }

  @Test
  void aMissingIncludeNamesTheLineThatIncludesIt() throws Exception {
    Files.writeString(dir.resolve("main.txt"), "foo\n-r missing.txt\n");
    assertThatThrownBy(() -> RequirementsFile.parse(dir.resolve("main.txt")))
        .isInstanceOf(RequirementsFileException.class)
        .hasMessageStartingWith(dir.resolve("main.txt") + ":2: ")
        .hasMessageContaining("missing.txt: cannot read");
    assertThatThrownBy(() -> RequirementsFile.parse("-r\n", "t")).hasMessage("t:1: -r needs a file name");
  }

  @Test
  void decodesByteOrderMarksAndRefusesMalformedUtf8() throws Exception {
    byte[] utf16 = "\uFEFFfoo\nbar\n".getBytes(StandardCharsets.UTF_16LE);
    Files.write(dir.resolve("u16.txt"), utf16);
    assertThat(names(RequirementsFile.parse(dir.resolve("u16.txt")))).containsExactly("foo", "bar");
    Files.write(dir.resolve("bom8.txt"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x', '\n'});
    assertThat(names(RequirementsFile.parse(dir.resolve("bom8.txt")))).containsExactly("x");
    Files.write(dir.resolve("latin.txt"), "# -*- coding: latin-1 -*-\nfoo # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(names(RequirementsFile.parse(dir.resolve("latin.txt")))).containsExactly("foo");
    Files.write(dir.resolve("bad.txt"), new byte[] {'f', 'o', 'o', (byte) 0xFF, '\n'});
    assertThatThrownBy(() -> RequirementsFile.parse(dir.resolve("bad.txt"))).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void aCommentLineEndingInABackslashDoesNotSwallowTheNext() {
    RequirementsFile file = RequirementsFile.parse("# note \\\nfoo\nbar \\\n  >=1\n", "t");
    assertThat(file.requirements()).extracting(Requirement::toString).containsExactly("foo", "bar>=1");
  }
}

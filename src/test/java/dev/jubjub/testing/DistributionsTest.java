package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionsTest {
  @TempDir Path tmp;

  @Test
  void wheelIsAZipWhoseRecordMatchesItsEntries() throws IOException {
    var built = Distributions.wheel("jubjub-mid", "1.1.0", "py3-none-any", List.of("jubjub-base>=1.1"), ">=3.8", 700);
    assertThat(built.filename()).isEqualTo("jubjub_mid-1.1.0-py3-none-any.whl");
    Map<String, byte[]> entries = unzip(built.content());
    assertThat(entries).containsOnlyKeys("jubjub_mid/__init__.py", "jubjub_mid/_data.py",
        "jubjub_mid-1.1.0.dist-info/METADATA", "jubjub_mid-1.1.0.dist-info/WHEEL", "jubjub_mid-1.1.0.dist-info/RECORD");
    String record = text(entries.get("jubjub_mid-1.1.0.dist-info/RECORD"));
    for (String line : record.strip().split("\n")) {
      String[] fields = line.split(",");
      if (fields[0].endsWith("/RECORD")) {
        assertThat(line).isEqualTo("jubjub_mid-1.1.0.dist-info/RECORD,,");
      } else {
        byte[] data = entries.get(fields[0]);
        assertThat(fields[1]).isEqualTo(Digests.record(data));
        assertThat(Integer.parseInt(fields[2])).isEqualTo(data.length);
      }
    }
    assertThat(record.lines()).hasSize(entries.size());
    assertThat(entries.get("jubjub_mid-1.1.0.dist-info/METADATA")).isEqualTo(built.coreMetadata());
    assertThat(text(built.coreMetadata())).contains("Metadata-Version: 2.1\nName: jubjub-mid\nVersion: 1.1.0\n",
        "Requires-Python: >=3.8\n", "Requires-Dist: jubjub-base>=1.1\n");
    assertThat(text(entries.get("jubjub_mid-1.1.0.dist-info/WHEEL")))
        .contains("Wheel-Version: 1.0\n", "Root-Is-Purelib: true\n", "Tag: py3-none-any\n");
    assertThat(text(entries.get("jubjub_mid/__init__.py"))).contains("import jubjub_base\n", "__version__ = \"1.1.0\"");
  }

  @Test
  void platformWheelsCarryTheirExpandedTags() throws IOException {
    var spec = ReleaseSpec.of("5.0", FileKind.MANYLINUX_X86_64).withCpython("cp311");
    var built = Distributions.build("ZOPE.Interface", spec, FileKind.MANYLINUX_X86_64);
    assertThat(built.filename()).isEqualTo("zope_interface-5.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
    assertThat(built.pythonVersion()).isEqualTo("cp311");
    assertThat(text(unzip(built.content()).get("zope_interface-5.0.dist-info/WHEEL"))).contains(
        "Root-Is-Purelib: false\n", "Tag: cp311-cp311-manylinux_2_17_x86_64\n", "Tag: cp311-cp311-manylinux2014_x86_64\n");
    assertThat(FileKind.WIN32.tag("cp311")).isEqualTo("cp311-cp311-win32");
    assertThat(FileKind.WIN_AMD64.tag("cp312")).isEqualTo("cp312-cp312-win_amd64");
    assertThat(FileKind.MACOSX_ARM64.tag("cp311")).isEqualTo("cp311-cp311-macosx_11_0_arm64");
  }

  @Test
  void buildsAreByteForByteReproducible() {
    var spec = ReleaseSpec.of("1.0").withRequires("six");
    for (FileKind kind : FileKind.values()) {
      assertThat(Distributions.build("Foo.Bar_baz", spec, kind).content())
          .isEqualTo(Distributions.build("Foo.Bar_baz", spec, kind).content());
    }
  }

  @Test
  void sdistIsATarGzWithPkgInfoPyprojectAndSource() throws Exception {
    var built = Distributions.sdist("Foo.Bar_baz", "1.0a1", List.of(), ">=3.8,<4", 100);
    assertThat(built.filename()).isEqualTo("foo_bar_baz-1.0a1.tar.gz");
    assertThat(built.packagetype()).isEqualTo("sdist");
    Path file = Files.write(tmp.resolve(built.filename()), built.content());
    var listing = Python.run(tmp, "-m", "tarfile", "-l", file.toString());
    assertThat(listing.exitCode()).as(listing.output()).isZero();
    assertThat(listing.output()).contains("foo_bar_baz-1.0a1/PKG-INFO", "foo_bar_baz-1.0a1/pyproject.toml",
        "foo_bar_baz-1.0a1/foo_bar_baz/__init__.py");
    var pkgInfo = Python.run(tmp, "-c", "import tarfile,sys; t=tarfile.open(sys.argv[1]);"
        + " sys.stdout.write(t.extractfile('foo_bar_baz-1.0a1/PKG-INFO').read().decode())", file.toString());
    assertThat(pkgInfo.output()).contains("Name: Foo.Bar_baz\n", "Requires-Python: >=3.8,<4\n");
  }

  @Test
  void pipInstallsAGeneratedWheelThatImports() throws Exception {
    var built = Distributions.wheel("jubjub-base", "1.1.0", "py3-none-any", List.of(), ">=3.8", 300);
    Path wheel = Files.write(tmp.resolve(built.filename()), built.content());
    Path target = tmp.resolve("site");
    var install = Python.run(tmp, "-m", "pip", "install", "--no-index", "--no-deps", "--no-cache-dir",
        "--target", target.toString(), wheel.toString());
    assertThat(install.exitCode()).as(install.output()).isZero();
    var imported = Python.run(target, "-c", "import jubjub_base; print(jubjub_base.__version__)");
    assertThat(imported.output().strip()).isEqualTo("1.1.0");
    assertThat(target.resolve("jubjub_base-1.1.0.dist-info/RECORD")).exists();
  }

  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

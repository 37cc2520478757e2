package dev.jubjub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds real, installable distribution files: wheels (zip with the package, METADATA, WHEEL and
 * a RECORD of sha256 hashes) and sdists (tar.gz with PKG-INFO, pyproject.toml and the package).
 * Output is deterministic: fixed timestamps, fixed entry order, filler derived from the name.
 */
public final class Distributions {
  static final LocalDateTime FILE_TIME = LocalDateTime.of(2024, 1, 1, 0, 0);
  static final String GENERATOR = "jubjub-fake-pypi (1.0)";

  /**
   * A built file with PyPI's {@code packagetype} and {@code python_version}; {@code coreMetadata}
   * is the METADATA file PyPI serves next to a wheel (PEP 658), null for an sdist.
   */
  public record Built(
      String filename, byte[] content, byte[] coreMetadata, String packagetype, String pythonVersion) {}

  private Distributions() {}

  public static Built build(String project, ReleaseSpec spec, FileKind kind) {
    return kind.isWheel()
        ? wheel(project, spec.version(), kind.tag(spec.cpython()), spec.requiresDist(), spec.requiresPython(), spec.padding())
        : sdist(project, spec.version(), spec.requiresDist(), spec.requiresPython(), spec.padding());
  }

  /** {@code <name_underscored>-<version>-<tag>.whl}; {@code tag} may be compressed (PEP 425). */
  public static Built wheel(
      String project, String version, String tag, List<String> requiresDist, String requiresPython, int padding) {
    String base = Names.underscored(project);
    String pkg = base;
    String distInfo = base + "-" + version + ".dist-info";
    byte[] metadata = coreMetadata(project, version, requiresDist, requiresPython);
    boolean pure = tag.endsWith("-none-any");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(pkg + "/__init__.py", initPy(project, version, requiresDist));
    files.put(pkg + "/_data.py", filler(project + version + tag, padding));
    files.put(distInfo + "/METADATA", metadata);
    files.put(distInfo + "/WHEEL", wheelFile(tag, pure));
    files.put(distInfo + "/RECORD", record(files, distInfo + "/RECORD"));
    String filename = base + "-" + version + "-" + tag + ".whl";
    return new Built(filename, zip(files), metadata, "bdist_wheel", tag.substring(0, tag.indexOf('-')));
  }

  /** {@code <name_underscored>-<version>.tar.gz} (PEP 625) with PKG-INFO, pyproject.toml and the package. */
  public static Built sdist(
      String project, String version, List<String> requiresDist, String requiresPython, int padding) {
    String root = Names.underscored(project) + "-" + version;
    String pkg = Names.underscored(project);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(root + "/PKG-INFO", coreMetadata(project, version, requiresDist, requiresPython));
    files.put(root + "/pyproject.toml", pyproject(project, version, requiresDist, requiresPython));
    files.put(root + "/" + pkg + "/__init__.py", initPy(project, version, requiresDist));
    files.put(root + "/" + pkg + "/_data.py", filler(project + version + "sdist", padding));
    long mtime = FILE_TIME.toEpochSecond(ZoneOffset.UTC);
    return new Built(root + ".tar.gz", TarGz.write(files, mtime), null, "sdist", "source");
  }

  /** Core metadata 2.1, as in a wheel's METADATA and an sdist's PKG-INFO. */
  public static byte[] coreMetadata(
      String project, String version, List<String> requiresDist, String requiresPython) {
    var text = new StringBuilder();
    text.append("Metadata-Version: 2.1\n");
    text.append("Name: ").append(project).append('\n');
    text.append("Version: ").append(version).append('\n');
    text.append("Summary: ").append(summary(project, version)).append('\n');
    text.append("Author: Jubjub Fake\nLicense: MIT\n");
    if (requiresPython != null) {
      text.append("Requires-Python: ").append(requiresPython).append('\n');
    }
    requiresDist.forEach(r -> text.append("Requires-Dist: ").append(r).append('\n'));
    text.append("\n").append(project).append(" is a generated project for jubjub's tests.\n");
    return bytes(text.toString());
  }

  static String summary(String project, String version) {
    return project + " " + version + ", generated for jubjub tests";
  }

  /** Imports unconditional dependencies so that {@code import} proves they were installed too. */
  private static byte[] initPy(String project, String version, List<String> requiresDist) {
    var text = new StringBuilder("\"\"\"" + project + " " + version + " (generated).\"\"\"\n");
    for (String requirement : requiresDist) {
      if (!requirement.contains(";")) {
        text.append("import ").append(Names.underscored(Names.requirementName(requirement))).append('\n');
      }
    }
    text.append("__version__ = \"").append(version).append("\"\n");
    return bytes(text.toString());
  }

  /** Hex filler that makes files a realistic few KB; seeded by name, so stable across runs. */
  private static byte[] filler(String seed, int size) {
    byte[] random = new byte[(size + 1) / 2];
    new Random(seed.hashCode()).nextBytes(random);
    String hex = HexFormat.of().formatHex(random).substring(0, size);
    return bytes("DATA = \"" + hex + "\"\n");
  }

  private static byte[] wheelFile(String tag, boolean pure) {
    var text = new StringBuilder("Wheel-Version: 1.0\nGenerator: " + GENERATOR + "\n");
    text.append("Root-Is-Purelib: ").append(pure).append('\n');
    expandTags(tag).forEach(t -> text.append("Tag: ").append(t).append('\n'));
    return bytes(text.toString());
  }

  /** {@code cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64} means two tags (PEP 425). */
  static List<String> expandTags(String compressed) {
    String[] parts = compressed.split("-");
    List<String> tags = new ArrayList<>();
    for (String py : parts[0].split("\\.")) {
      for (String abi : parts[1].split("\\.")) {
        for (String platform : parts[2].split("\\.")) {
          tags.add(py + "-" + abi + "-" + platform);
        }
      }
    }
    return tags;
  }

  private static byte[] record(Map<String, byte[]> files, String recordPath) {
    var text = new StringBuilder();
    files.forEach(
        (path, data) -> text.append(path).append(',').append(Digests.record(data)).append(',').append(data.length).append('\n'));
    text.append(recordPath).append(",,\n");
    return bytes(text.toString());
  }

  private static byte[] pyproject(
      String project, String version, List<String> requiresDist, String requiresPython) {
    var text = new StringBuilder("[build-system]\nrequires = [\"setuptools>=61\"]\n");
    text.append("build-backend = \"setuptools.build_meta\"\n\n[project]\n");
    text.append("name = \"").append(project).append("\"\nversion = \"").append(version).append("\"\n");
    if (requiresPython != null) {
      text.append("requires-python = \"").append(requiresPython).append("\"\n");
    }
    text.append("dependencies = [");
    text.append(String.join(", ", requiresDist.stream().map(r -> "'" + r + "'").toList()));
    text.append("]\n");
    return bytes(text.toString());
  }

  private static byte[] zip(Map<String, byte[]> files) {
    var out = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(out)) {
      for (var file : files.entrySet()) {
        var entry = new ZipEntry(file.getKey());
        entry.setTimeLocal(FILE_TIME); // local time: no time-zone dependence, no extra field
        zip.putNextEntry(entry);
        zip.write(file.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.jubjub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.pypi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a run may not touch: everything in a test's temporary directory but the mirror (the config,
 * a canary directory beside the mirror that hostile paths aim at) and the system's temporary
 * directories. Hostile names carry {@link #TOKEN}, so a file a run wrongly created in {@code /tmp}
 * is found among those other processes (other builds on this machine) create there meanwhile.
 */
final class Sandbox {
  static final String TOKEN = "hx0stile";
  static final String CANARY = "canary";

  private final Path root;
  private final Path mirror;
  private final Map<String, String> outside;
  private final Set<String> temporary;

  private Sandbox(Path root, Path mirror) throws IOException {
    this.root = root;
    this.mirror = mirror;
    this.outside = outside();
    this.temporary = temporaryNames();
  }

  /** Plants the canary beside {@code mirror} (once) and records what is outside the mirror now. */
  static Sandbox around(Path root, Path mirror) throws IOException {
    Path canary = root.resolve(CANARY);
    if (!Files.exists(canary)) {
      Files.createDirectories(canary.resolve("nested"));
      Files.writeString(canary.resolve("secret"), "the canary's secret\n");
      Files.writeString(canary.resolve("nested").resolve(TOKEN + "-1.0.tar.gz"), "not from upstream\n");
    }
    return new Sandbox(root, mirror);
  }

  /** Nothing outside the mirror directory was created, changed or removed since {@link #around}. */
  void assertUntouched() throws IOException {
    assertThat(outside()).as("everything outside the mirror directory").isEqualTo(outside);
    Set<String> created = temporaryNames();
    created.removeAll(temporary);
    // Only names with the token: other builds on this machine (other jubjub checkouts too) create
    // and remove entries there meanwhile. jubjub itself never writes to the system's temp directory.
    assertThat(created).as("new entries in the system's temporary directories").noneMatch(
        name -> name.contains(TOKEN));
  }

  /** Relative path to size and sha256 of every file below the root but outside the mirror. */
  private Map<String, String> outside() throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!p.startsWith(mirror)) {
          entries.put(root.relativize(p).toString(),
              Files.isRegularFile(p) ? Files.size(p) + " " + sha256(p) : Files.isDirectory(p) ? "dir" : "other");
        }
      }
    }
    return entries;
  }

  /** Top-level names in /tmp and java.io.tmpdir (other processes' files come and go there). */
  private static Set<String> temporaryNames() throws IOException {
    Set<String> names = new HashSet<>();
    for (Path dir : List.of(Path.of("/tmp"), Path.of(System.getProperty("java.io.tmpdir")))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> list = Files.list(dir)) {
          list.forEach(p -> names.add(dir + "/" + p.getFileName()));
        }
      }
    }
    return names;
  }

  /** Relative path to sha256 of every file of a mirror, but its lock, change mark, run report and temporary area. */
  static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = dir.relativize(p).toString();
        if (Files.isRegularFile(p) && !rel.equals(".lock") && !rel.equals(".jubjub-changed") && !rel.equals(".jubjub-last-run.json") && !rel.startsWith(".jubjub-tmp")) {
          files.put(rel, sha256(p));
        }
      }
    }
    return files;
  }

  /**
   * No partial or temporary file is visible in the tree, and every package file holds bytes
   * upstream published (a file's or a core metadata file's sha256 among {@code published}).
   */
  static void assertNothingPartial(DataSafetyTest.Mirror m, Set<String> published) throws IOException {
    try (Stream<Path> walk = Files.walk(m.directory())) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = m.directory().relativize(p).toString();
        if (rel.startsWith(".jubjub-tmp/")) {
          assertThat(p).as("left in the temporary area").isDirectory();
        } else if (Files.isRegularFile(p) && rel.startsWith("web/")) {
          assertThat(p.getFileName().toString()).as(rel).doesNotEndWith(".part").doesNotStartWith(".jubjub-");
          if (rel.startsWith("web/packages/")) {
            assertThat(published).as("bytes of %s", rel).contains(sha256(p));
          }
        }
      }
    }
    DataSafetyTest.assertEveryLinkResolves(m);
  }

  static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return Sha256.of(in);
    }
  }
}

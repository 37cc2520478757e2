package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.testing.UpstreamProject;
import dev.jubjub.testing.Universe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A mirror directory with its config file, synced by real jubjub processes. */
final class MirrorFixture {
  final Path home;
  final Path directory;
  final Path config;

  MirrorFixture(Path home, FakePyPI upstream, String extraOptions) throws IOException {
    this.home = Files.createDirectories(home);
    // JUnit's temp directories are private (0700); nginx's workers (www-data) must traverse them.
    Path systemTemp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    for (Path p = home.toAbsolutePath(); p.startsWith(systemTemp) && !p.equals(systemTemp); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    this.directory = home.resolve("mirror");
    this.config =
        Files.writeString(
            home.resolve("bandersnatch.conf"),
            """
            [mirror]
            directory = %s
            master = %s
            workers = 3
            json = true
            ; a comment, as real configs have
            %s
            """
                .formatted(directory, upstream.baseUri().toString().replaceAll("/$", ""), extraOptions));
  }

  ProcessBuilder process(String... command) {
    return Processes.jubjub(home, arguments(command));
  }

  /** jubjub's arguments for {@code command} on this mirror: the command, then its config. */
  String[] arguments(String... command) {
    String[] args = new String[command.length + 2];
    args[0] = command[0];
    args[1] = "-c";
    args[2] = config.toString();
    System.arraycopy(command, 1, args, 3, command.length - 1);
    return args;
  }

  Processes.Result run(String... command) throws IOException, InterruptedException {
    return Processes.run(process(command), home.resolve("logs"), 300);
  }

  Path web() {
    return directory.resolve("web");
  }

  String read(String relative) throws IOException {
    return Files.readString(directory.resolve(relative));
  }

  Path packageFile(UpstreamFile f) {
    return web().resolve(f.urlPath());
  }

  Path simpleDir(UpstreamProject p) {
    return web().resolve("simple").resolve(p.normalizedName());
  }

  /** Every file of every upstream project is in the tree with upstream's sha256, and its pages. */
  void assertHolds(Universe universe) throws IOException {
    for (UpstreamProject project : universe.projects()) {
      for (String page : new String[] {"index.html", "index.v1_html", "index.v1_json"}) {
        assertThat(simpleDir(project).resolve(page)).as(project.name()).isRegularFile();
      }
      assertThat(web().resolve("json").resolve(project.normalizedName())).isRegularFile();
      assertThat(web().resolve("pypi").resolve(project.normalizedName()).resolve("json")).isRegularFile();
      for (UpstreamFile file : project.files()) {
        assertThat(TreeSnapshot.sha256(packageFile(file))).as(file.filename()).isEqualTo(file.sha256());
        if (file.coreMetadata() != null) {
          assertThat(packageFile(file).resolveSibling(file.filename() + ".metadata")).hasBinaryContent(file.coreMetadata());
        }
      }
    }
  }

  private static final Pattern HREF = Pattern.compile("href=\"\\.\\./\\.\\./(packages/[^\"#]+)#sha256=([0-9a-f]{64})\"");

  /**
   * What a client could see: every file linked by any HTML page exists with the linked hash. This
   * must hold at every instant, including right after a kill.
   */
  void assertEveryLinkResolves() throws IOException {
    Path simple = web().resolve("simple");
    if (!Files.exists(simple)) {
      return;
    }
    try (Stream<Path> pages = Files.walk(simple)) {
      for (Path page : (Iterable<Path>) pages.filter(p -> p.getFileName().toString().equals("index.html"))::iterator) {
        Matcher m = HREF.matcher(Files.readString(page));
        while (m.find()) {
          Path file = web().resolve(m.group(1));
          assertThat(file).as("linked from %s", page).isRegularFile();
          assertThat(TreeSnapshot.sha256(file)).as(file.toString()).isEqualTo(m.group(2));
        }
      }
    }
  }

  Map<String, String> snapshot() throws IOException {
    return TreeSnapshot.of(directory);
  }
}

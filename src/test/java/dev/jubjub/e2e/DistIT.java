package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained distribution (dist/build, made in {@code package}) as an operator installs
 * it: unpacked on a host whose PATH has no java and no JAVA_HOME, or as a .deb.
 */
class DistIT {
  private static final Path TARGET = Path.of(System.getProperty("jubjub.dist.directory", "target"));
  private static final Path REPOSITORY = Path.of(System.getProperty("jubjub.repository", "."));
  private static final String VERSION = System.getProperty("jubjub.version", "");

  @TempDir Path tmp;

  @Test
  void tarballMirrorsAndServesOnItsOwnRuntimeWithNoJavaOnTheHost() throws Exception {
    Path tarball = builtFile("jubjub-" + VERSION + "-linux-", ".tar.gz");
    Path install = Files.createDirectories(tmp.resolve("opt"));
    Processes.assertOk(run(new ProcessBuilder("tar", "-C", install.toString(), "-xzf", tarball.toString())));
    Path home = install.resolve("jubjub-" + VERSION);
    assertThat(home.resolve("runtime/bin/java")).isExecutable();
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("contrib").toFile().isDirectory()).isEqualTo(Files.isDirectory(REPOSITORY.resolve("contrib")));

    // Called through a symlink elsewhere, as /usr/bin/jubjub: the launcher finds its own home.
    Path bin = hostPath();
    Path jubjub = Files.createSymbolicLink(bin.resolve("jubjub"), home.resolve("bin/jubjub"));
    Processes.Result version = run(onHost(new ProcessBuilder(jubjub.toString(), "--version"), bin));
    Processes.assertOk(version);
    assertThat(version.stdout()).startsWith("jubjub " + VERSION + " (Java ").doesNotContain("WARNING");
    assertThat(version.stderr()).isEmpty();

    try (FakePyPI fake = FakePyPI.start(Universe.generate(5, 4))) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      Processes.Result first = run(launched(jubjub, m, bin, "mirror"));
      Processes.assertOk(first);
      assertThat(first.stdout()).contains("errors:   none");
      // AOTMode=on: the JVM refuses to start unless it can use the cache trained at packaging
      // time, which must survive the tarball being unpacked elsewhere.
      // Through a link named bandersnatch, with a bandersnatch cron line's words, unchanged.
      Path bandersnatch = Files.createSymbolicLink(bin.resolve("bandersnatch"), jubjub);
      ProcessBuilder idle = onHost(new ProcessBuilder(bandersnatch.toString(), "-c", m.config.toString(), "mirror")
          .directory(m.home.toFile()), bin);
      idle.environment().put("JUBJUB_JAVA_OPTS", "-XX:AOTMode=on");
      Processes.assertOk(run(idle));

      int port = Processes.freePort();
      ProcessBuilder serve = launched(jubjub, m, bin, "serve", "--port", Integer.toString(port));
      Process p = serve.redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile()).start();
      try {
        StaticServer.waitForPort(port, p);
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "exe")))
            .as("the serving JVM")
            .isEqualTo(home.resolve("runtime/bin/java").toRealPath());
        MirrorCommandTest.assertPipInstallsTheChain("http://127.0.0.1:" + port + "/simple/", tmp.resolve("site"));
      } finally {
        p.destroy();
      }
      // 143: the JVM's exit status after SIGTERM, once its shutdown hooks have run.
      assertThat(p.waitFor()).as("serve's exit code after SIGTERM").isIn(0, 143);
    }
  }

  @Test
  void debInstallsUnderOptAndNeverOverwritesAnExistingBandersnatchConf() throws Exception {
    Path deb = builtFile("jubjub_" + VERSION.replace('-', '~') + "_", ".deb");
    Processes.Result info = run(new ProcessBuilder("dpkg-deb", "--info", deb.toString()));
    Processes.assertOk(info);
    assertThat(info.stdout())
        .contains("Package: jubjub", "Version: " + VERSION.replace('-', '~'), "Depends: libc6, adduser")
        .contains("postinst", "prerm", "postrm");
    Processes.Result contents = run(new ProcessBuilder("dpkg-deb", "--contents", deb.toString()));
    Processes.assertOk(contents);
    assertThat(contents.stdout())
        .contains("./opt/jubjub/bin/jubjub", "./opt/jubjub/runtime/bin/java", "./opt/jubjub/lib/jubjub.jar")
        .contains("./opt/jubjub/lib/jubjub.aot", "./opt/jubjub/lib/jubjub-http.aot", "./opt/jubjub/lib/batch-jit.sh",
            "./opt/jubjub/share/bandersnatch.conf.example")
        .contains("./usr/bin/jubjub -> /opt/jubjub/bin/jubjub")
        .doesNotContain("./etc/");
    assertThat(contents.stdout().lines()).allSatisfy(line -> assertThat(line).contains(" root/root "));
    for (Path unit : contrib("systemd")) {
      assertThat(contents.stdout()).contains("./lib/systemd/system/" + unit.getFileName());
    }

    Path root = tmp.resolve("root");
    Processes.assertOk(run(new ProcessBuilder("dpkg-deb", "-x", deb.toString(), root.toString())));
    Path bin = hostPath();
    Processes.Result version = run(onHost(new ProcessBuilder(root.resolve("opt/jubjub/bin/jubjub").toString(), "--version"), bin));
    Processes.assertOk(version);
    assertThat(version.stdout()).startsWith("jubjub " + VERSION + " (Java ");

    // The maintainer scripts against the extracted tree (DPKG_ROOT), with stand-ins for the
    // commands that would change this machine: no user is created, no unit is touched.
    Path control = tmp.resolve("control");
    Processes.assertOk(run(new ProcessBuilder("dpkg-deb", "-e", deb.toString(), control.toString())));
    Path calls = tmp.resolve("adduser-calls");
    stub(bin, "getent", "exit 2");
    stub(bin, "adduser", "echo \"$@\" >>" + calls);
    Path chowns = tmp.resolve("chown-calls");
    stub(bin, "chown", "echo \"$@\" >>" + chowns);
    link(bin, "cp", "chmod", "basename", "mkdir");
    Files.createDirectories(root.resolve("etc"));
    Path conf = root.resolve("etc/bandersnatch.conf");
    Processes.assertOk(run(maintainerScript(control.resolve("postinst"), "configure", root, bin)));
    assertThat(conf).hasSameTextualContentAs(root.resolve("opt/jubjub/share/bandersnatch.conf.example"));
    assertThat(Files.readString(calls)).contains("--system", "jubjub");
    assertThat(root.resolve("srv/pypi")).as("the default config's directory, for the units' user").isDirectory();
    assertThat(Files.readString(chowns)).isEqualTo("jubjub:jubjub " + root.resolve("srv/pypi") + "\n");

    Files.writeString(conf, "[mirror]\ndirectory = /srv/bandersnatch\n");
    Processes.assertOk(run(maintainerScript(control.resolve("postinst"), "configure", root, bin)));
    assertThat(conf).hasContent("[mirror]\ndirectory = /srv/bandersnatch\n");
    Processes.assertOk(run(maintainerScript(control.resolve("prerm"), "remove", root, bin)));
    Processes.assertOk(run(maintainerScript(control.resolve("postrm"), "purge", root, bin)));
    assertThat(conf).exists();
  }

  private static Path builtFile(String prefix, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(TARGET)) {
      List<Path> found =
          files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(suffix)).toList();
      assertThat(found)
          .as("%s*%s in %s: built by dist/build in `package`, unless -Ddist.skip=true", prefix, suffix, TARGET)
          .hasSize(1);
      return found.getFirst();
    }
  }

  private List<Path> contrib(String directory) throws IOException {
    Path dir = REPOSITORY.resolve("contrib").resolve(directory);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".service") || f.toString().endsWith(".timer")).toList();
    }
  }

  /** A PATH directory with only what the launcher runs besides its shell's builtins: no java. */
  private Path hostPath() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("host-bin"));
    link(bin, "dirname", "readlink");
    return bin;
  }

  private static void link(Path bin, String... commands) throws IOException {
    for (String command : commands) {
      Path real = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, command)).filter(Files::isExecutable).findFirst().orElseThrow();
      if (!Files.exists(bin.resolve(command))) {
        Files.createSymbolicLink(bin.resolve(command), real);
      }
    }
  }

  private static void stub(Path bin, String command, String body) throws IOException {
    Path script = bin.resolve(command);
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The environment of a host without Java: PATH is {@code bin} alone, no JAVA_HOME. */
  private ProcessBuilder onHost(ProcessBuilder pb, Path bin) {
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("JAVA") || k.startsWith("JDK") || k.startsWith("JUBJUB"));
    env.put("PATH", bin.toString());
    env.put("HOME", tmp.toString());
    return pb;
  }

  /** {@code command} on mirror {@code m}, run by the distribution's launcher on a host without Java. */
  private ProcessBuilder launched(Path launcher, MirrorFixture m, Path bin, String... command) {
    List<String> line = new ArrayList<>(List.of(launcher.toString()));
    line.addAll(List.of(m.arguments(command)));
    return onHost(new ProcessBuilder(line).directory(m.home.toFile()), bin);
  }

  private ProcessBuilder maintainerScript(Path script, String argument, Path root, Path bin) {
    ProcessBuilder pb = onHost(new ProcessBuilder("/bin/sh", script.toString(), argument), bin);
    pb.environment().put("DPKG_ROOT", root.toString());
    return pb;
  }

  private Processes.Result run(ProcessBuilder pb) throws IOException, InterruptedException {
    return Processes.run(pb, tmp.resolve("logs"), 120);
  }
}

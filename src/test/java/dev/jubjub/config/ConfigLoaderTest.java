package dev.jubjub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;
  private Path system;
  private Path local;
  private Path fromEnv;
  private Path explicit;

  @BeforeEach
  void paths() {
    system = dir.resolve("etc-bandersnatch.conf");
    local = dir.resolve("cwd-bandersnatch.conf");
    fromEnv = dir.resolve("env.conf");
    explicit = dir.resolve("explicit.conf");
  }

  private ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader(env::get, system, local);
  }

  private static void write(Path file, String directory) throws Exception {
    Files.writeString(file, "[mirror]\ndirectory = " + directory + "\n");
  }

  @Test
  void prefersTheExplicitPathThenTheEnvironmentThenEtcThenTheWorkingDirectory() throws Exception {
    for (Path p : new Path[] {system, local, fromEnv, explicit}) {
      write(p, "/" + p.getFileName());
    }
    Map<String, String> env = Map.of("JUBJUB_CONFIG", fromEnv.toString());
    assertThat(loader(env).load(Optional.of(explicit)).directory()).hasToString("/explicit.conf");
    assertThat(loader(env).load(Optional.empty()).directory()).hasToString("/env.conf");
    assertThat(loader(Map.of()).load(Optional.empty()).directory())
        .hasToString("/etc-bandersnatch.conf");
    Files.delete(system);
    assertThat(loader(Map.of()).load(Optional.empty()).directory())
        .hasToString("/cwd-bandersnatch.conf");
  }

  @Test
  void ignoresABlankEnvironmentVariable() {
    assertThat(loader(Map.of("JUBJUB_CONFIG", " ")).resolve(Optional.empty())).isEqualTo(local);
  }

  @Test
  void writesTheDefaultToTheWorkingDirectoryWhenNoFileExistsAnywhere() {
    assertThatThrownBy(() -> loader(Map.of()).load(Optional.empty()))
        .isInstanceOfSatisfying(ConfigMissingException.class, e -> {
          assertThat(e.path()).isEqualTo(local);
          assertThat(e.written()).isTrue();
        })
        .hasMessage("no configuration file at " + local.toAbsolutePath() + ", so a commented default was written"
            + " there; review it (above all 'directory') and run jubjub again");
    assertThat(local).content().isEqualTo(DefaultConfig.writtenTo(local))
        .startsWith("; " + local.toAbsolutePath() + ": jubjub's default configuration.\n");
    assertThat(system).doesNotExist();
  }

  @Test
  void writesTheDefaultToANamedPathThatDoesNotExist() {
    assertThatThrownBy(() -> loader(Map.of()).load(Optional.of(explicit)))
        .isInstanceOf(ConfigMissingException.class);
    assertThat(explicit).content().isEqualTo(DefaultConfig.writtenTo(explicit));
    assertThatThrownBy(() -> loader(Map.of("JUBJUB_CONFIG", fromEnv.toString()))
        .load(Optional.empty()))
        .isInstanceOf(ConfigMissingException.class);
    assertThat(fromEnv).exists();
    assertThat(local).doesNotExist();
  }

  @Test
  void theWrittenDefaultLoadsOnTheNextRun() {
    assertThatThrownBy(() -> loader(Map.of()).load(Optional.empty()))
        .isInstanceOf(ConfigMissingException.class);
    MirrorConfig config = loader(Map.of()).load(Optional.empty());
    assertThat(config.directory()).isEqualTo(Path.of("/srv/pypi"));
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void saysSoWhenTheDefaultCannotBeWritten() {
    Path nowhere = dir.resolve("no-such-dir/bandersnatch.conf");
    assertThatThrownBy(() -> loader(Map.of()).load(Optional.of(nowhere)))
        .isInstanceOfSatisfying(ConfigMissingException.class,
            e -> assertThat(e.written()).isFalse())
        .hasMessage("no configuration file at " + nowhere + ", and writing the default there"
            + " failed: no such file or directory; create one or name another with -c");
    assertThat(nowhere.getParent()).doesNotExist();
  }

  @Test
  void refusesADirectory() {
    assertThatThrownBy(() -> loader(Map.of()).load(Optional.of(dir)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir + " is a directory, not a configuration file");
  }

  @Test
  void reportsMistakesWithTheResolvedFileName() throws Exception {
    Files.writeString(explicit, "[mirror]\ndirectory = /srv\nworkers = many\n");
    assertThatThrownBy(() -> loader(Map.of()).load(Optional.of(explicit)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(explicit + ":3: invalid value 'many' for 'workers' in [mirror]: expected a"
            + " whole number");
  }

  @Test
  void returnsWarningsWithTheConfig() throws Exception {
    Files.writeString(explicit, "[mirror]\ndirectory = /srv\nturbo = true\n");
    assertThat(loader(Map.of()).load(Optional.of(explicit)).warnings())
        .containsExactly(explicit + ":3: unknown option 'turbo' in [mirror]");
  }
}

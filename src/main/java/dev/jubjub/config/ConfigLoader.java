package dev.jubjub.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, reads and validates the configuration file. The first that applies wins: the {@code -c}
 * path, the {@code JUBJUB_CONFIG} environment variable, {@code /etc/bandersnatch.conf} if it
 * exists, {@code ./bandersnatch.conf} if it exists.
 *
 * <p>When the chosen file does not exist, the commented default is written and {@link
 * ConfigMissingException} thrown, so the user reviews it before a first sync (as bandersnatch
 * does). It goes to the path the user named ({@code -c} or {@code JUBJUB_CONFIG}); with no name,
 * to {@code ./bandersnatch.conf} rather than bandersnatch's {@code /etc/bandersnatch.conf}: an
 * unprivileged first run can write it, and the user finds it where they stand. Missing parent
 * directories are not created, so a mistyped {@code -c} does not leave a tree behind.
 */
public final class ConfigLoader {
  public static final String ENV_VARIABLE = "JUBJUB_CONFIG";
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

  private final Function<String, String> environment;
  private final Path systemConfig;
  private final Path localConfig;

  /** Reads the real environment and the standard paths. */
  public ConfigLoader() {
    this(System::getenv, Path.of("/etc", DefaultConfig.FILE_NAME),
        Path.of(DefaultConfig.FILE_NAME));
  }

  /** For tests: another environment and other stand-ins for the two standard paths. */
  ConfigLoader(Function<String, String> environment, Path systemConfig, Path localConfig) {
    this.environment = environment;
    this.systemConfig = systemConfig;
    this.localConfig = localConfig;
  }

  /**
   * Loads the configuration; {@code explicit} is the {@code -c} value. Warnings are logged and
   * also kept in {@link MirrorConfig#warnings()}.
   *
   * @throws ConfigMissingException when there was no file and the default was written instead
   * @throws ConfigException when the file cannot be read or holds a mistake
   */
  public MirrorConfig load(Optional<Path> explicit) {
    Path path = resolve(explicit);
    if (!Files.exists(path)) {
      throw writeDefault(path);
    }
    if (Files.isDirectory(path)) {
      throw new ConfigException(path + " is a directory, not a configuration file");
    }
    MirrorConfig config = MirrorConfig.from(IniFile.read(path));
    config.warnings().forEach(LOG::warn);
    return config;
  }

  /** The file {@link #load} reads, or writes the default to when it does not exist. */
  Path resolve(Optional<Path> explicit) {
    if (explicit.isPresent()) {
      return explicit.get();
    }
    String fromEnvironment = environment.apply(ENV_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Path.of(fromEnvironment);
    }
    if (Files.exists(systemConfig)) {
      return systemConfig;
    }
    return localConfig;
  }

  private static ConfigMissingException writeDefault(Path given) {
    Path path = given.toAbsolutePath().normalize();
    try {
      // CREATE_NEW: never overwrite a file that appeared since we looked.
      Files.writeString(path, DefaultConfig.writtenTo(path), StandardOpenOption.CREATE_NEW);
    } catch (IOException e) {
      return new ConfigMissingException(path, false, "no configuration file at " + path
          + ", and writing the default there failed: " + Values.describe(e)
          + "; create one or name another with -c", e);
    }
    return new ConfigMissingException(path, true, "no configuration file at " + path
        + ", so a commented default was written there; review it (above all 'directory')"
        + " and run jubjub again", null);
  }
}

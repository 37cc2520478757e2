package dev.jubjub.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated {@code [mirror]} options of a bandersnatch configuration file, typed, with
 * bandersnatch's defaults for what the file leaves out. {@link #ini()} keeps the whole file for the
 * sections other packages read ({@code [plugins]}, {@code [blocklist]}, {@code [allowlist]},
 * filter sections, {@code [s3]}, a future {@code [serve]}).
 *
 * <p>Where jubjub differs from bandersnatch, it accepts more and never reads a value differently:
 *
 * <ul>
 *   <li>{@code workers} may be 1..{@value #MAX_WORKERS}; above bandersnatch's limit of 10 (where it
 *       refuses to start) this is a warning, since our workers are cheap virtual threads but the
 *       upstream's patience is not. {@code verifiers} has the same range.
 *   <li>{@code master} must be https, as in bandersnatch, unless {@code allow-non-https = true} or
 *       the host is loopback (no network to attack, and local test upstreams are plain http).
 *   <li>{@code delete-packages} is ours: remove projects from the mirror once upstream no longer
 *       lists them. Default false, since bandersnatch keeps them and taking over an existing
 *       mirror must not start deleting.
 *   <li>{@code keep_index_versions} (read by bandersnatch) and {@code keep-index-versions} (the
 *       spelling in its defaults.conf, which it never reads) both work.
 *   <li>{@code digest_name} is sha256 or md5 (bandersnatch takes any hashlib name; PyPI serves
 *       these two, plus blake2b_256, which pip cannot check). Choices ignore case.
 *   <li>An unresolvable {@code {{section_option}}} in {@code diff-file} is an error, not a silent
 *       fallback to {@code <directory>/mirrored-files}.
 *   <li>{@code log-config} is kept but names a Python logging file, which jubjub cannot apply.
 * </ul>
 *
 * @param warnings problems worth telling the user that do not stop a run (unknown options, values
 *     bandersnatch would refuse), each led by {@code file:line}; {@link ConfigLoader} logs them
 */
public record MirrorConfig(
    Path directory,
    URI master,
    boolean allowNonHttps,
    Optional<URI> proxy,
    Optional<Path> caBundle,
    Duration timeout,
    Duration globalTimeout,
    int workers,
    int verifiers,
    boolean hashIndex,
    boolean stopOnError,
    boolean deletePackages,
    boolean json,
    boolean releaseFiles,
    boolean coreMetadata,
    CompareMethod compareMethod,
    DigestName digestName,
    SimpleFormat simpleFormat,
    Optional<URI> downloadMirror,
    boolean downloadMirrorNoFallback,
    Optional<String> rootUri,
    Optional<Path> diffFile,
    boolean diffAppendEpoch,
    boolean cleanup,
    int keepIndexVersions,
    String storageBackend,
    boolean storageFilesystemManagePermissions,
    Optional<Path> logConfig,
    IniFile ini,
    List<String> warnings) {
  public static final URI DEFAULT_MASTER = URI.create("https://pypi.org");
  /** Where index pages link when release files are not mirrored and root_uri is unset. */
  public static final String FILES_HOST = "https://files.pythonhosted.org";
  /** bandersnatch refuses more workers than this; we only warn. */
  public static final int BANDERSNATCH_MAX_WORKERS = 10;
  public static final int MAX_WORKERS = 64;

  /** Guards the invariants; {@link #from} reports the same problems with file and line first. */
  public MirrorConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(ini, "ini");
    require(List.of("http", "https").contains(String.valueOf(master.getScheme())),
        "master must be an http(s) URL: " + master);
    require(timeout.isPositive() && globalTimeout.isPositive(), "timeouts must be positive");
    require(workers >= 1 && workers <= MAX_WORKERS, "workers must be 1.." + MAX_WORKERS);
    require(verifiers >= 1 && verifiers <= MAX_WORKERS, "verifiers must be 1.." + MAX_WORKERS);
    require(keepIndexVersions >= 0, "keep-index-versions must be >= 0");
    require(!storageBackend.isBlank(), "storage-backend must not be blank");
    require(!downloadMirrorNoFallback || downloadMirror.isPresent(),
        "download-mirror-no-fallback needs a download-mirror");
    Objects.requireNonNull(compareMethod, "compareMethod");
    Objects.requireNonNull(digestName, "digestName");
    Objects.requireNonNull(simpleFormat, "simpleFormat");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(rootUri, "rootUri");
    Objects.requireNonNull(diffFile, "diffFile");
    Objects.requireNonNull(logConfig, "logConfig");
    warnings = List.copyOf(warnings);
  }

  /** Reads and validates the {@code [mirror]} section of {@code ini}. */
  public static MirrorConfig from(IniFile ini) {
    return MirrorSection.read(ini);
  }

  /** Our default configuration with {@code directory} replaced: handy for tests and tools. */
  public static MirrorConfig defaults(Path directory) {
    return from(IniFile.parse(Path.of(DefaultConfig.FILE_NAME), DefaultConfig.withDirectory(
        directory)));
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(message);
    }
  }

  /** How sync decides that a local file is the upstream one ({@code compare-method}). */
  public enum CompareMethod {
    /** Size and digest of the local file: reads every byte, catches silent corruption. */
    HASH,
    /** Size and modification time: cheap when verifying many files often. */
    STAT
  }

  /** Which simple-page formats to write ({@code simple-format}). */
  public enum SimpleFormat {
    ALL,
    HTML,
    JSON;

    public boolean html() {
      return this != JSON;
    }

    public boolean json() {
      return this != HTML;
    }
  }

  /** The hash used for {@code compare-method = hash} and page fragments ({@code digest_name}). */
  public enum DigestName {
    SHA256("SHA-256"),
    MD5("MD5");

    private final String algorithm;

    DigestName(String algorithm) {
      this.algorithm = algorithm;
    }

    /** The name {@link java.security.MessageDigest#getInstance} knows. */
    public String algorithm() {
      return algorithm;
    }

    /** The name as written in the file and in PyPI's digests ({@code sha256}). */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}

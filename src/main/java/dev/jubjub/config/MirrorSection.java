package dev.jubjub.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** Reads the {@code [mirror]} section into a {@link MirrorConfig}; see there for the rules. */
final class MirrorSection {
  static final String SECTION = "mirror";
  /**
   * Every option bandersnatch reads from [mirror], plus our {@code delete-packages} and {@code
   * min-release-age}(-exempt), which the sync engine reads.
   */
  static final List<String> KNOWN = List.of(
      "directory", "master", "allow-non-https", "proxy", "ca-bundle", "timeout", "global-timeout", "workers",
      "verifiers", "hash-index", "stop-on-error", "delete-packages", "json", "release-files",
      "core-metadata", "compare-method", "digest_name", "simple-format", "download-mirror",
      "download-mirror-no-fallback", "root_uri", "diff-file", "diff-append-epoch", "cleanup",
      "keep_index_versions", "keep-index-versions", "storage-backend",
      "storage-filesystem-manage-permissions", "log-config", "min-release-age",
      "min-release-age-exempt");
  private static final Set<String> HTTP = Set.of("http", "https");
  /** The proxies the JDK's HTTP client speaks (bandersnatch also takes SOCKS through aiohttp-socks). */
  private static final Set<String> PROXY = Set.of("http", "https");
  /** bandersnatch reads {@code global-timeout = 0} as "unset", meaning five hours. */
  private static final Duration FIVE_HOURS = Duration.ofHours(5);
  private static final double MAX_SECONDS = 1e9;

  private final IniFile ini;
  private final List<String> warnings = new ArrayList<>();

  private MirrorSection(IniFile ini) {
    this.ini = ini;
  }

  static MirrorConfig read(IniFile ini) {
    if (!ini.hasSection(SECTION)) {
      throw new ConfigException(ini.path() + ": no [mirror] section; it must at least set"
          + " 'directory', e.g. directory = /srv/pypi");
    }
    return new MirrorSection(ini).read();
  }

  /** Long only because the record is flat; each argument is one option. */
  private MirrorConfig read() {
    warnUnknownOptions();
    boolean allowNonHttps = bool("allow-non-https", false);
    boolean releaseFiles = bool("release-files", true);
    Optional<URI> downloadMirror = option("download-mirror", (e, v) -> toUri(e, v, HTTP));
    return new MirrorConfig(
        option("directory", MirrorSection::toDirectory).orElseThrow(() -> new ConfigException(
            ini.path() + ": [mirror] has no 'directory'; set it to where the mirror lives,"
                + " e.g. directory = /srv/pypi")),
        option("master", (e, v) -> toMaster(e, v, allowNonHttps)).orElse(
            MirrorConfig.DEFAULT_MASTER),
        allowNonHttps,
        option("proxy", (e, v) -> toUri(e, v, PROXY)),
        option("ca-bundle", MirrorSection::toCaBundle),
        option("timeout", (e, v) -> toSeconds(e, v, false)).orElse(Duration.ofSeconds(10)),
        option("global-timeout", (e, v) -> toSeconds(e, v, true)).orElse(Duration.ofSeconds(1800)),
        workers(),
        integer("verifiers", 3, 1, MirrorConfig.MAX_WORKERS),
        bool("hash-index", false),
        bool("stop-on-error", false),
        bool("delete-packages", false),
        bool("json", false),
        releaseFiles,
        bool("core-metadata", true),
        choice("compare-method", MirrorConfig.CompareMethod.values(),
            MirrorConfig.CompareMethod.HASH),
        choice("digest_name", MirrorConfig.DigestName.values(), MirrorConfig.DigestName.SHA256),
        choice("simple-format", MirrorConfig.SimpleFormat.values(), MirrorConfig.SimpleFormat.ALL),
        downloadMirror,
        noFallback(downloadMirror.isPresent()),
        rootUri(releaseFiles),
        option("diff-file", (e, v) -> toPath(e, DiffFileReference.resolve(ini, e, v))),
        bool("diff-append-epoch", false),
        bool("cleanup", false),
        keepIndexVersions(),
        option("storage-backend", (e, v) -> v).orElse("filesystem"),
        bool("storage-filesystem-manage-permissions", true),
        option("log-config", MirrorSection::toPath),
        ini,
        warnings);
  }

  /**
   * The converted value of {@code key}, empty when absent or empty: bandersnatch's own defaults
   * write {@code proxy =} to mean "no proxy", so an empty value means "unset" for every option.
   */
  private <T> Optional<T> option(String key, BiFunction<IniEntry, String, T> convert) {
    Optional<IniEntry> entry = ini.entry(SECTION, key);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String value = ini.value(entry.get());
    return value.isEmpty() ? Optional.empty() : Optional.of(convert.apply(entry.get(), value));
  }

  private boolean bool(String key, boolean fallback) {
    return option(key, Values::toBoolean).orElse(fallback);
  }

  private int integer(String key, int fallback, int min, int max) {
    return option(key, (e, v) -> {
      int n = Values.toInt(e, v);
      if (n < min || n > max) {
        throw e.invalid(v, "expected a whole number from " + min + " to " + max);
      }
      return n;
    }).orElse(fallback);
  }

  private <E extends Enum<E>> E choice(String key, E[] choices, E fallback) {
    return option(key, (e, v) -> Arrays.stream(choices)
        .filter(c -> c.name().equalsIgnoreCase(v))
        .findFirst()
        .orElseThrow(() -> e.invalid(v, "expected one of " + Arrays.stream(choices)
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", ")))))
        .orElse(fallback);
  }

  private int workers() {
    int workers = integer("workers", 3, 1, MirrorConfig.MAX_WORKERS);
    if (workers > MirrorConfig.BANDERSNATCH_MAX_WORKERS) {
      warn("workers", "workers = " + workers + " is above bandersnatch's limit of "
          + MirrorConfig.BANDERSNATCH_MAX_WORKERS + " (bandersnatch refuses to start);"
          + " be gentle with the upstream");
    }
    return workers;
  }

  private Optional<String> rootUri(boolean releaseFiles) {
    Optional<String> rootUri = option("root_uri", (e, v) -> v);
    if (rootUri.isEmpty() && !releaseFiles) {
      // bandersnatch's dynamic default: without local files, pages must link to PyPI's.
      warn("release-files", "release-files = false without root_uri; index pages will link to "
          + MirrorConfig.FILES_HOST + " (set root_uri to choose)");
      return Optional.of(MirrorConfig.FILES_HOST);
    }
    return rootUri;
  }

  private boolean noFallback(boolean hasDownloadMirror) {
    boolean noFallback = bool("download-mirror-no-fallback", false);
    if (noFallback && !hasDownloadMirror) {
      warn("download-mirror-no-fallback",
          "download-mirror-no-fallback = true has no effect without download-mirror");
      return false;
    }
    return noFallback;
  }

  /** bandersnatch reads {@code keep_index_versions}; its defaults.conf spells it with dashes. */
  private int keepIndexVersions() {
    Optional<Integer> under = option("keep_index_versions", MirrorSection::nonNegative);
    Optional<Integer> dash = option("keep-index-versions", MirrorSection::nonNegative);
    if (under.isPresent() && dash.isPresent() && !under.equals(dash)) {
      throw new ConfigException(ini.entry(SECTION, "keep-index-versions").orElseThrow().location(),
          "keep-index-versions = " + dash.get() + " contradicts keep_index_versions = "
              + under.get() + "; they are the same option, set only one");
    }
    return under.or(() -> dash).orElse(0);
  }

  private static int nonNegative(IniEntry e, String v) {
    int n = Values.toInt(e, v);
    if (n < 0) {
      throw e.invalid(v, "expected a whole number >= 0");
    }
    return n;
  }

  private static Duration toSeconds(IniEntry e, String v, boolean zeroMeansFiveHours) {
    double seconds = Values.toDecimal(e, v);
    if (seconds == 0 && zeroMeansFiveHours) {
      return FIVE_HOURS;
    }
    if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
      throw e.invalid(v, "expected a positive number of seconds");
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /** A PEM file of certificate authorities: read now, so that a wrong file is a config error. */
  private static Path toCaBundle(IniEntry e, String v) {
    Path path = toPath(e, v);
    try {
      if (TlsTrust.certificates(path).isEmpty()) {
        throw e.invalid(v, "the file holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
      }
    } catch (java.io.IOException ex) {
      throw e.invalid(v, "cannot read it: " + Values.describe(ex));
    } catch (java.security.GeneralSecurityException ex) {
      throw e.invalid(v, "not a certificate file (expected PEM: -----BEGIN CERTIFICATE-----): " + ex.getMessage());
    }
    return path;
  }

  private static URI toMaster(IniEntry e, String v, boolean allowNonHttps) {
    URI uri = toUri(e, v, HTTP);
    if ("http".equals(uri.getScheme()) && !allowNonHttps && !isLoopback(uri)) {
      throw e.invalid(v, "the upstream must use https (set allow-non-https = true to allow"
          + " plain http)");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.endsWith("/simple") || path.endsWith("/simple/")) {
      String base = v.substring(0, v.lastIndexOf("/simple"));
      throw e.invalid(v, "master is the index's base URL, without /simple (did you mean " + base + "?)");
    }
    return uri;
  }

  private static URI toUri(IniEntry e, String v, Set<String> schemes) {
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException ex) {
      throw e.invalid(v, "not a valid URL (" + ex.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (schemes == PROXY && scheme.startsWith("socks")) {
      throw e.invalid(v, "SOCKS proxies are not supported; use an HTTP proxy");
    }
    if (!schemes.contains(scheme)) {
      // "localhost:8080" parses as scheme "localhost".
      String hint = uri.getScheme() != null && uri.getRawSchemeSpecificPart() != null
          && uri.getRawSchemeSpecificPart().matches("\\d+(/.*)?") ? " (did you mean http://" + v + "?)" : "";
      throw e.invalid(v, "expected a URL starting with " + schemes.stream().sorted()
          .map(s -> s + "://").collect(Collectors.joining(" or ")) + hint);
    }
    String authority = uri.getRawAuthority();
    if (uri.getHost() == null) {
      throw e.invalid(v, authority == null || authority.isEmpty() || authority.startsWith(":")
          ? "the URL has no host" : "'" + authority + "' is not a valid host and port");
    }
    if (authority.endsWith(":")) {
      throw e.invalid(v, "the port after ':' is empty");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw e.invalid(v, "port " + uri.getPort() + " is out of range");
    }
    // Credentials in an index URL end up in every log line and page that names it; a proxy's are
    // taken apart from its URL and only ever sent to it (ConfigException masks them in messages).
    if (uri.getRawUserInfo() != null && schemes != PROXY) {
      throw e.invalid(v, "credentials in the URL are not supported");
    }
    if (uri.getRawUserInfo() != null && !uri.getRawUserInfo().contains(":")) {
      throw e.invalid(v, "proxy credentials need a user and a password (user:password@)");
    }
    if (schemes == HTTP && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
      throw e.invalid(v, "an index URL takes no query or fragment");
    }
    // Scheme and host are case-insensitive; everything downstream compares them as written.
    try {
      String user = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
      return new URI(scheme + "://" + user + uri.getRawAuthority().substring(user.length()).toLowerCase(Locale.ROOT)
          + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    } catch (URISyntaxException ex) {
      throw e.invalid(v, "not a valid URL (" + ex.getReason() + ")");
    }
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  private static Path toDirectory(IniEntry e, String v) {
    Path path = toPath(e, v);
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw e.invalid(v, "this is a file, not a directory");
    }
    return path;
  }

  private static Path toPath(IniEntry e, String v) {
    try {
      return Path.of(v);
    } catch (InvalidPathException ex) {
      throw e.invalid(v, "not a valid path (" + ex.getReason() + ")");
    }
  }

  private void warn(String key, String message) {
    ini.entry(SECTION, key).ifPresent(e -> warnings.add(e.location() + ": " + message));
  }

  private void warnUnknownOptions() {
    for (IniEntry e : ini.entries(SECTION)) {
      String key = IniParser.fold(e.key());
      if (!KNOWN.contains(key)) {
        warnings.add(e.location() + ": unknown option '" + e.key() + "' in [mirror]"
            + suggestion(key).map(s -> " (did you mean '" + s + "'?)").orElse(""));
      }
    }
  }

  /** The known option closest to a misspelt one, treating {@code _} and {@code -} alike. */
  static Optional<String> suggestion(String key) {
    String k = key.replace('_', '-');
    return KNOWN.stream()
        .filter(known -> EditDistance.of(k, known.replace('_', '-')) <= 2)
        .min(Comparator.comparingInt(known -> EditDistance.of(k, known.replace('_', '-'))));
  }
}

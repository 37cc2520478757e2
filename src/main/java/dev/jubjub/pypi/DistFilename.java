package dev.jubjub.pypi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a distribution file's name says: its kind, project, version and, where the format has
 * them, compatibility tags. Wheels are read exactly (PEP 427/425, compressed tag sets such as
 * {@code py2.py3} split on dots); older formats are read as their tools wrote them, and where a
 * name is ambiguous (sdists with dashes in the project name) the split that leaves a PEP 440
 * version is chosen.
 *
 * @param project the project part as written ({@code Foo_Bar}), not normalized
 * @param version the version part as written; not necessarily PEP 440 (see {@link #pep440Version})
 * @param build a wheel's build tag, or an RPM's release
 * @param pythonTags {@code cp311}, {@code py2.py3} as two tags, an egg's {@code py2.7}; empty when
 *     the name has none
 * @param platformTags {@code manylinux_2_17_x86_64}, {@code win32}, an egg's {@code linux-x86_64}
 */
public record DistFilename(
    String filename,
    Kind kind,
    String project,
    String version,
    Optional<String> build,
    List<String> pythonTags,
    List<String> abiTags,
    List<String> platformTags) {

  /** The kinds of distribution PyPI has held, with the package type its JSON API gives each. */
  public enum Kind {
    WHEEL("bdist_wheel", ".whl"),
    SDIST("sdist", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".tar"),
    EGG("bdist_egg", ".egg"),
    WININST("bdist_wininst", ".exe"),
    MSI("bdist_msi", ".msi"),
    RPM("bdist_rpm", ".rpm"),
    DMG("bdist_dmg", ".dmg");

    private final String packageType;
    private final List<String> extensions;

    Kind(String packageType, String... extensions) {
      this.packageType = packageType;
      this.extensions = List.of(extensions);
    }

    public String packageType() {
      return packageType;
    }

    public List<String> extensions() {
      return extensions;
    }
  }

  /** distutils' Windows platform names, and the {@code -pyX.Y} target suffix of its installers. */
  private static final Pattern WINDOWS_PLATFORM = Pattern.compile("\\.(win32|win-[a-z0-9_]+)$");
  private static final Pattern PY_SUFFIX = Pattern.compile("-(py[0-9]+(?:\\.[0-9]+)?)$");
  private static final Pattern PY_PART = Pattern.compile("py[0-9]+(?:\\.[0-9]+)?");
  private static final Pattern DMG = Pattern.compile("^(.+?)-(py[0-9]+(?:\\.[0-9]+)?)(?:-(.+))?$");

  public DistFilename {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(build, "build");
    pythonTags = List.copyOf(pythonTags);
    abiTags = List.copyOf(abiTags);
    platformTags = List.copyOf(platformTags);
    if (project.isEmpty() || version.isEmpty()) {
      throw new IllegalArgumentException("file " + ProjectName.printable(filename) + ": empty project or version");
    }
  }

  public static DistFilename parse(String filename) {
    Objects.requireNonNull(filename, "filename");
    if (filename.isEmpty() || filename.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\')) {
      throw invalid(filename, "not a plain file name");
    }
    String lower = filename.toLowerCase(Locale.ROOT);
    for (Kind kind : Kind.values()) {
      for (String extension : kind.extensions()) {
        if (lower.endsWith(extension) && lower.length() > extension.length()) {
          String stem = filename.substring(0, filename.length() - extension.length());
          return switch (kind) {
            case WHEEL -> wheel(filename, stem);
            case EGG -> egg(filename, stem);
            case WININST, MSI -> installer(filename, kind, stem);
            case RPM -> rpm(filename, stem);
            case DMG -> dmg(filename, stem);
            case SDIST -> plain(filename, kind, stem, List.of(), List.of());
          };
        }
      }
    }
    throw invalid(filename, "not a known distribution format (wheel, sdist, egg, exe, msi, rpm, dmg)");
  }

  public static Optional<DistFilename> tryParse(String filename) {
    if (filename == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(filename));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a distribution file name: that is the answer, not a failure
    }
  }

  /** {@code {name}-{ver}(-{build})?-{python}-{abi}-{platform}.whl}; the build tag starts with a digit. */
  private static DistFilename wheel(String filename, String stem) {
    String[] parts = stem.split("-", -1);
    if (parts.length != 5 && parts.length != 6) {
      throw invalid(filename, "a wheel name has 5 or 6 dash-separated parts, this has " + parts.length);
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        throw invalid(filename, "empty part in wheel name");
      }
    }
    Optional<String> build = Optional.empty();
    if (parts.length == 6) {
      if (!isAsciiDigit(parts[2].charAt(0))) {
        throw invalid(filename, "wheel build tag must start with a digit: " + ProjectName.printable(parts[2]));
      }
      build = Optional.of(parts[2]);
    }
    int n = parts.length;
    return new DistFilename(
        filename, Kind.WHEEL, parts[0], parts[1], build, dotted(parts[n - 3]), dotted(parts[n - 2]), dotted(parts[n - 1]));
  }

  /** setuptools: {@code {name}-{ver}(-py{X.Y}(-{platform})?)?.egg}, dashes in name and version escaped. */
  private static DistFilename egg(String filename, String stem) {
    String[] parts = stem.split("-", 4);
    if (parts.length < 2) {
      throw invalid(filename, "an egg name is {name}-{version}[-py{X.Y}[-{platform}]]");
    }
    List<String> python = List.of();
    String platform = null;
    if (parts.length > 2) {
      String rest = stem.substring(parts[0].length() + parts[1].length() + 2);
      int dash = rest.indexOf('-');
      String first = dash < 0 ? rest : rest.substring(0, dash);
      if (PY_PART.matcher(first).matches()) {
        python = List.of(first);
        platform = dash < 0 ? null : rest.substring(dash + 1);
      } else {
        platform = rest; // e.g. foo-0.1-freebsd-6.0-RELEASE-i386.egg
      }
    }
    return new DistFilename(
        filename, Kind.EGG, parts[0], parts[1], Optional.empty(), python, List.of(),
        platform == null || platform.isEmpty() ? List.of() : List.of(platform));
  }

  /** distutils bdist_wininst / bdist_msi: {@code {name}-{ver}(.{platform})?(-py{X.Y})?.exe}. */
  private static DistFilename installer(String filename, Kind kind, String stem) {
    List<String> python = List.of();
    Matcher py = PY_SUFFIX.matcher(stem);
    if (py.find()) {
      python = List.of(py.group(1));
      stem = stem.substring(0, py.start());
    }
    List<String> platform = List.of();
    Matcher plat = WINDOWS_PLATFORM.matcher(stem);
    if (plat.find()) {
      platform = List.of(plat.group(1));
      stem = stem.substring(0, plat.start());
    }
    return plain(filename, kind, stem, python, platform);
  }

  /** bdist_rpm: {@code {name}-{ver}-{release}.{arch}.rpm}. */
  private static DistFilename rpm(String filename, String stem) {
    int dot = stem.lastIndexOf('.');
    int dash = dot < 0 ? -1 : stem.lastIndexOf('-', dot);
    if (dash <= 0) {
      throw invalid(filename, "an RPM name is {name}-{version}-{release}.{arch}.rpm");
    }
    DistFilename nameVersion = plain(filename, Kind.RPM, stem.substring(0, dash), List.of(), List.of(stem.substring(dot + 1)));
    return new DistFilename(
        filename, Kind.RPM, nameVersion.project(), nameVersion.version(), Optional.of(stem.substring(dash + 1, dot)),
        List.of(), List.of(), nameVersion.platformTags());
  }

  /** bdist_dmg: {@code {name}-{ver}(-py{X.Y}(-{platform})?)?.dmg}, e.g. {@code foo-1.0-py2.7-macosx10.6.dmg}. */
  private static DistFilename dmg(String filename, String stem) {
    Matcher m = DMG.matcher(stem);
    if (m.matches() && m.group(1).contains("-")) {
      return plain(
          filename, Kind.DMG, m.group(1), List.of(m.group(2)), m.group(3) == null ? List.of() : List.of(m.group(3)));
    }
    return plain(filename, Kind.DMG, stem, List.of(), List.of());
  }

  private static DistFilename plain(
      String filename, Kind kind, String nameAndVersion, List<String> python, List<String> platform) {
    int split = versionDash(nameAndVersion);
    if (split <= 0 || split == nameAndVersion.length() - 1) {
      throw invalid(filename, "no {name}-{version} in " + ProjectName.printable(nameAndVersion));
    }
    return new DistFilename(
        filename, kind, nameAndVersion.substring(0, split), nameAndVersion.substring(split + 1), Optional.empty(),
        python, List.of(), platform);
  }

  /**
   * The dash between project and version: the first one that leaves a PEP 440 version ({@code
   * py-3to2-1.0}, {@code foo-1.0-1}); else the first one followed by a digit ({@code
   * foo-1.0-beta}); else the last one, as packaging's parse_sdist_filename splits.
   */
  static int versionDash(String s) {
    int firstBeforeDigit = -1;
    for (int i = s.indexOf('-'); i >= 0; i = s.indexOf('-', i + 1)) {
      if (i + 1 < s.length() && isAsciiDigit(s.charAt(i + 1))) {
        if (Version.tryParse(s.substring(i + 1)).isPresent()) {
          return i;
        }
        if (firstBeforeDigit < 0) {
          firstBeforeDigit = i;
        }
      }
    }
    return firstBeforeDigit >= 0 ? firstBeforeDigit : s.lastIndexOf('-');
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static List<String> dotted(String tags) {
    return List.of(tags.split("\\.", -1));
  }

  private static IllegalArgumentException invalid(String filename, String why) {
    return new IllegalArgumentException("distribution file " + ProjectName.printable(filename) + ": " + why);
  }

  /** The version part as PEP 440 reads it, if it can. */
  public Optional<Version> pep440Version() {
    return Version.tryParse(version);
  }

  /**
   * Whether bandersnatch's {@code exclude_platform} filter with these {@code platforms} keywords
   * drops this file, taking the package type from the file's kind (see {@link ExcludedPlatforms}).
   */
  public boolean matchesPlatform(Set<String> platforms) {
    return ExcludedPlatforms.of(platforms).excludes(filename, kind.packageType());
  }
}

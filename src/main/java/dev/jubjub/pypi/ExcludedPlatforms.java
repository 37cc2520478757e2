package dev.jubjub.pypi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * bandersnatch's {@code exclude_platform} filter ({@code [blocklist] platforms = ...}): which
 * distribution files it drops. Ported from pypa/bandersnatch {@code
 * src/bandersnatch_filter_plugins/filename_name.py} and {@code parse_version} in {@code
 * src/bandersnatch/utils.py} at commit 6c22dfd8 (2026-08), quirks included, so the same
 * configuration mirrors the same files:
 *
 * <ul>
 *   <li>{@code windows} or {@code win}: file names containing {@code .win32}, {@code -win32},
 *       {@code win_amd64}, {@code win-amd64}, {@code win_arm64} or {@code win-arm64} (PEP 425
 *       platform tags and distutils platform names), and every file of package type {@code
 *       bdist_msi} or {@code bdist_wininst} (PEP 527 installers) whatever its name.
 *   <li>{@code macos} or {@code macosx}: names containing {@code macosx_} or {@code macosx-}, and
 *       every {@code bdist_dmg}.
 *   <li>{@code freebsd}: names containing {@code .freebsd} or {@code -freebsd}. bandersnatch tests
 *       {@code keyword in ("freebsd")}, a substring test on a string, so any part of the word
 *       ({@code bsd}, {@code free}, {@code e}) means freebsd too; a warning says so.
 *   <li>{@code linux}: names containing {@code linux-i686}, {@code linux-x86_64} (PEP 425), {@code
 *       linux_armv7l}, {@code linux_armv6l} (warehouse#2010, #2012), {@code manylinux1_i686},
 *       {@code manylinux1_x86_64} (PEP 513), {@code manylinux2010_i686}, {@code
 *       manylinux2010_x86_64} (PEP 571), the seven {@code manylinux2014_*} architectures (PEP 599),
 *       {@code -manylinux_} (PEP 600) or {@code musllinux} (PEP 656), and every {@code bdist_rpm}.
 *       Plain {@code linux_x86_64} is not among them. Parts of the word ({@code lin}, {@code x})
 *       mean linux too, by the same substring test.
 *   <li>{@code py2}, {@code py2.4} to {@code py2.7}, {@code py3}, {@code py3.0} to {@code py3.14}:
 *       for {@code pyX.Y}, names containing {@code -cpXY-}, {@code -ppXY-}, {@code -ipXY-}, {@code
 *       -jyXY-} (packaging's interpreter abbreviations but {@code py}), {@code -pyX.Y-} or {@code
 *       -pyX.Y.}. So {@code py3} drops {@code foo-1.0-py3-none-any.whl} but not {@code
 *       foo-1.0-py2.py3-none-any.whl}, which {@code py2} drops; {@code py2.7} does not drop {@code
 *       -py27-} wheels.
 *   <li>One of the Windows or Linux names above ({@code win_amd64}, {@code manylinux1_i686},
 *       {@code musllinux}...): that name alone.
 *   <li>Anything else ({@code cp27}, {@code win32}, {@code py3.15}) is ignored, as bandersnatch
 *       ignores it silently; here with a warning.
 * </ul>
 *
 * Keywords are case-insensitive; file names are matched case-sensitively. An {@code sdist} is
 * never excluded.
 */
public final class ExcludedPlatforms {
  static final List<String> WINDOWS = List.of(".win32", "-win32", "win_amd64", "win-amd64", "win_arm64", "win-arm64");
  static final List<String> LINUX =
      List.of(
          "linux-i686", "linux-x86_64", "linux_armv7l", "linux_armv6l", "manylinux1_i686", "manylinux1_x86_64",
          "manylinux2010_i686", "manylinux2010_x86_64", "manylinux2014_x86_64", "manylinux2014_i686",
          "manylinux2014_aarch64", "manylinux2014_armv7l", "manylinux2014_ppc64", "manylinux2014_ppc64le",
          "manylinux2014_s390x", "-manylinux_", "musllinux");
  static final List<String> PYTHON_VERSIONS =
      List.of(
          "py2", "py2.4", "py2.5", "py2.6", "py2.7", "py3", "py3.0", "py3.1", "py3.2", "py3.3", "py3.4", "py3.5",
          "py3.6", "py3.7", "py3.8", "py3.9", "py3.10", "py3.11", "py3.12", "py3.13", "py3.14");
  /** packaging.tags.INTERPRETER_SHORT_NAMES values without "py", in its order. */
  private static final List<String> INTERPRETERS = List.of("cp", "pp", "ip", "jy");

  private final List<String> patterns;
  private final Set<String> packageTypes;
  private final List<String> warnings;

  private ExcludedPlatforms(List<String> patterns, Set<String> packageTypes, List<String> warnings) {
    this.patterns = List.copyOf(patterns);
    this.packageTypes = Set.copyOf(packageTypes);
    this.warnings = List.copyOf(warnings);
  }

  /** From the {@code platforms} setting: keywords separated by whitespace. */
  public static ExcludedPlatforms parse(String platformsSetting) {
    String trimmed = PythonText.strip(platformsSetting);
    return of(trimmed.isEmpty() ? List.of() : List.of(trimmed.split(PythonText.SPACE_CLASS + "+")));
  }

  public static ExcludedPlatforms of(Collection<String> keywords) {
    LinkedHashSet<String> patterns = new LinkedHashSet<>();
    LinkedHashSet<String> packageTypes = new LinkedHashSet<>();
    List<String> warnings = new ArrayList<>();
    for (String keyword : keywords) {
      String k = keyword.toLowerCase(Locale.ROOT);
      if (k.equals("windows") || k.equals("win")) {
        patterns.addAll(WINDOWS);
        packageTypes.addAll(List.of("bdist_msi", "bdist_wininst"));
      } else if (k.equals("macos") || k.equals("macosx")) {
        patterns.addAll(List.of("macosx_", "macosx-"));
        packageTypes.add("bdist_dmg");
      } else if (!k.isEmpty() && "freebsd".contains(k)) {
        patterns.addAll(List.of(".freebsd", "-freebsd"));
        substringWarning(keyword, "freebsd", warnings);
      } else if (!k.isEmpty() && "linux".contains(k)) {
        patterns.addAll(LINUX);
        packageTypes.add("bdist_rpm");
        substringWarning(keyword, "linux", warnings);
      } else if (PYTHON_VERSIONS.contains(k)) {
        patterns.addAll(pythonPatterns(k));
      } else if (WINDOWS.contains(k) || LINUX.contains(k)) {
        patterns.add(k);
      } else {
        warnings.add(
            "platform " + ProjectName.printable(keyword) + " ignored: not a keyword bandersnatch knows"
                + " (windows, macos, freebsd, linux, py2, py2.4..py2.7, py3, py3.0..py3.14, or a tag such as"
                + " win_amd64 or manylinux2014_x86_64)");
      }
    }
    return new ExcludedPlatforms(new ArrayList<>(patterns), packageTypes, warnings);
  }

  private static void substringWarning(String keyword, String word, List<String> warnings) {
    if (!keyword.equalsIgnoreCase(word)) {
      warnings.add(
          "platform " + ProjectName.printable(keyword) + " taken as " + word
              + ", as bandersnatch takes any part of the word " + word);
    }
  }

  /** bandersnatch's parse_version: {@code py3.6} gives -cp36-, -pp36-, -ip36-, -jy36-, -py3.6-, -py3.6. */
  static List<String> pythonPatterns(String keyword) {
    String dotted = keyword.startsWith("py") ? keyword.substring(2) : keyword;
    String undotted = dotted.replace(".", "");
    List<String> out = new ArrayList<>();
    INTERPRETERS.forEach(i -> out.add("-" + i + undotted + "-"));
    out.add("-py" + dotted + "-");
    out.add("-py" + dotted + ".");
    return out;
  }

  /** Whether bandersnatch would drop this file; {@code packageType} as PyPI's JSON API gives it. */
  public boolean excludes(String filename, String packageType) {
    if ("sdist".equals(packageType)) {
      return false;
    }
    if (packageType != null && packageTypes.contains(packageType)) {
      return true;
    }
    return patterns.stream().anyMatch(filename::contains);
  }

  public static boolean matches(String filename, String packageType, Collection<String> keywords) {
    return of(keywords).excludes(filename, packageType);
  }

  /**
   * The same with the package type read from the file name (see {@link DistFilename.Kind}); a
   * {@code bdist_dumb} archive looks like an sdist by name, so prefer the package type upstream
   * lists when there is one.
   */
  public static boolean matches(String filename, Collection<String> keywords) {
    String packageType = DistFilename.tryParse(filename).map(d -> d.kind().packageType()).orElse(null);
    return matches(filename, packageType, keywords);
  }

  /** The file name substrings that exclude a file, in the order first configured. */
  public List<String> patterns() {
    return patterns;
  }

  /** The package types excluded whatever their names. */
  public Set<String> packageTypes() {
    return packageTypes;
  }

  /** One line for each keyword ignored or read in an unexpected way. */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "ExcludedPlatforms" + patterns + packageTypes;
  }
}

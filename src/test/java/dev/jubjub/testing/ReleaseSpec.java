package dev.jubjub.testing;

import java.util.List;
import java.util.Objects;

/**
 * What a generated release looks like: its version, which files it has, its dependencies
 * ({@code Requires-Dist}), {@code Requires-Python} (nullable), the CPython tag of its platform
 * wheels and how many filler bytes each file carries (to make files a few KB, like small real ones).
 */
public record ReleaseSpec(
    String version,
    List<FileKind> kinds,
    List<String> requiresDist,
    String requiresPython,
    String cpython,
    int padding) {

  public ReleaseSpec {
    Objects.requireNonNull(version);
    kinds = List.copyOf(kinds);
    requiresDist = List.copyOf(requiresDist);
    Objects.requireNonNull(cpython);
    if (kinds.isEmpty() || kinds.stream().distinct().count() != kinds.size()) {
      throw new IllegalArgumentException("kinds must be distinct and non-empty: " + kinds);
    }
  }

  /** A release with the given files, or a pure wheel and an sdist when none are given. */
  public static ReleaseSpec of(String version, FileKind... kinds) {
    List<FileKind> k = kinds.length == 0 ? List.of(FileKind.PURE_WHEEL, FileKind.SDIST) : List.of(kinds);
    return new ReleaseSpec(version, k, List.of(), null, "cp311", 512);
  }

  public ReleaseSpec withRequires(String... requirements) {
    return new ReleaseSpec(version, kinds, List.of(requirements), requiresPython, cpython, padding);
  }

  public ReleaseSpec withRequiresPython(String specifier) {
    return new ReleaseSpec(version, kinds, requiresDist, specifier, cpython, padding);
  }

  public ReleaseSpec withCpython(String tag) {
    return new ReleaseSpec(version, kinds, requiresDist, requiresPython, tag, padding);
  }

  public ReleaseSpec withPadding(int bytes) {
    return new ReleaseSpec(version, kinds, requiresDist, requiresPython, cpython, bytes);
  }
}

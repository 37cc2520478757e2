package dev.jubjub.pypi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A comma-separated set of PEP 440 version specifiers, such as {@code ~=1.2, !=1.2.3}. A version
 * is contained when every specifier matches it; the empty set matches every version. Pre-releases
 * follow the rule of {@link #contains}.
 */
public final class SpecifierSet {
  private static final SpecifierSet EMPTY = new SpecifierSet(List.of());

  private final List<Specifier> specifiers;
  private final boolean mentionsPrerelease;

  private SpecifierSet(List<Specifier> specifiers) {
    this.specifiers = List.copyOf(specifiers);
    this.mentionsPrerelease = specifiers.stream().anyMatch(Specifier::mentionsPrerelease);
  }

  public static SpecifierSet empty() {
    return EMPTY;
  }

  public static SpecifierSet of(List<Specifier> specifiers) {
    return new SpecifierSet(specifiers);
  }

  /**
   * Parses {@code ">=1.0, <2"}; blank items between commas are skipped, as packaging skips them,
   * so {@code ""} is the empty set.
   */
  public static SpecifierSet parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("specifier set is null");
    }
    List<Specifier> specifiers = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      String trimmed = PythonText.strip(item);
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        specifiers.add(Specifier.parse(trimmed));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid version specifier " + ProjectName.printable(trimmed) + " in " + ProjectName.printable(text), e);
      }
    }
    return new SpecifierSet(specifiers);
  }

  /** In the order written, duplicates kept. */
  public List<Specifier> specifiers() {
    return specifiers;
  }

  public boolean isEmpty() {
    return specifiers.isEmpty();
  }

  /** Whether some specifier mentions a pre-release (packaging's {@code SpecifierSet.prereleases}). */
  public boolean mentionsPrerelease() {
    return mentionsPrerelease;
  }

  /**
   * Whether every specifier matches {@code v}. A pre-release is contained only when {@code
   * allowPrereleases} or when some specifier mentions a pre-release ({@code >=2.0b1}); with
   * {@code allowPrereleases} false this answers as packaging 26's {@code contains(v,
   * prereleases=s.prereleases or False)}, and with it true as {@code contains(v,
   * prereleases=True)}, which is what bandersnatch's allowlist asks.
   */
  public boolean contains(Version v, boolean allowPrereleases) {
    if (v.isPrerelease() && !allowPrereleases && !mentionsPrerelease) {
      return false;
    }
    return specifiers.stream().allMatch(s -> s.matches(v));
  }

  private List<Specifier> canonical() {
    List<Specifier> sorted = new ArrayList<>(specifiers);
    sorted.sort(Comparator.comparing(Specifier::toString));
    return List.copyOf(new LinkedHashSet<>(sorted));
  }

  /** Sets are equal when they hold equal specifiers, in any order ({@code ==1.0} equals {@code ==1}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SpecifierSet s && new LinkedHashSet<>(specifiers).equals(new LinkedHashSet<>(s.specifiers));
  }

  @Override
  public int hashCode() {
    return new LinkedHashSet<>(specifiers).hashCode();
  }

  /** Sorted by text and without duplicates, joined by commas, as packaging prints a set. */
  @Override
  public String toString() {
    return String.join(",", canonical().stream().map(Specifier::toString).toList());
  }
}

package dev.jubjub.pypi;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One PEP 508 dependency specifier, as a requirements file or bandersnatch's {@code [allowlist]
 * packages} names a project: {@code name[extra1,extra2] (specifiers) ; marker} or {@code name @
 * url ; marker}. The marker is kept as text and never evaluated: a mirror serves every
 * environment.
 *
 * @param extras as written (not normalized), sorted
 * @param specifiers empty when the requirement names a URL
 */
public record Requirement(
    ProjectName name,
    Set<String> extras,
    SpecifierSet specifiers,
    Optional<String> url,
    Optional<String> marker) {
  /** pip's rule: {@code #} starts a comment at the start of a line or after whitespace only. */
  private static final Pattern COMMENT = Pattern.compile("(^|" + PythonText.SPACE_CLASS + "+)#.*$", Pattern.DOTALL);

  public Requirement {
    Objects.requireNonNull(name, "name");
    extras = Collections.unmodifiableSet(new TreeSet<>(extras));
    Objects.requireNonNull(specifiers, "specifiers");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(marker, "marker");
    if (url.isPresent() && !specifiers.isEmpty()) {
      throw new IllegalArgumentException("requirement " + name + " has both a URL and version specifiers");
    }
  }

  /**
   * Parses a PEP 508 dependency specifier, rejecting what packaging's {@code Requirement} rejects
   * and also names that are not valid project names (PEP 508 names end in a letter or digit;
   * packaging lets {@code foo_} through).
   *
   * @throws IllegalArgumentException naming the column that does not parse
   */
  public static Requirement parse(String text) {
    Objects.requireNonNull(text, "text");
    Pep508Parser.Parsed parsed = Pep508Parser.parse(text);
    if (!ProjectName.isValid(parsed.name())) {
      throw new IllegalArgumentException(
          "invalid project name " + ProjectName.printable(parsed.name()) + " in " + ProjectName.printable(text));
    }
    return new Requirement(
        ProjectName.of(parsed.name()),
        Set.copyOf(parsed.extras()),
        SpecifierSet.parse(parsed.specifiers()),
        parsed.url(),
        parsed.marker());
  }

  /**
   * Parses one line of a requirements file: a comment ({@code # ...}, or {@code  # ...} after the
   * requirement) is dropped, and a blank or comment-only line gives empty. Option lines ({@code
   * -r ...}) are for {@link RequirementsFile}; here they fail like any other non-requirement.
   */
  public static Optional<Requirement> parseLine(String line) {
    Objects.requireNonNull(line, "line");
    String text = PythonText.strip(stripComment(line));
    return text.isEmpty() ? Optional.empty() : Optional.of(parse(text));
  }

  static String stripComment(String line) {
    return COMMENT.matcher(line).replaceFirst("");
  }

  /** Whether {@code project} is the project this requirement names (PEP 503 comparison). */
  public boolean names(ProjectName project) {
    return name.normalized().equals(project.normalized());
  }

  /** As packaging prints it: {@code name[a,b]>=1,<2 ; marker} style, {@code name @ url} for URLs. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(name.display());
    if (!extras.isEmpty()) {
      out.append('[').append(String.join(",", extras)).append(']');
    }
    out.append(specifiers);
    url.ifPresent(u -> out.append(" @ ").append(u).append(marker.isPresent() ? " " : ""));
    marker.ifPresent(m -> out.append("; ").append(m));
    return out.toString();
  }
}

package dev.jubjub.filter;

import dev.jubjub.pypi.ProjectMetadata;
import java.util.Set;

/** Decides which releases (versions) of a project to keep; sees them all, for latest-N. */
interface ReleaseFilter {
  /** The versions to keep, a subset of {@code project.releases().keySet()}. */
  Set<String> keep(ProjectMetadata project, Set<String> versions);
}

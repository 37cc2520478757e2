package dev.jubjub.filter;

import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.ProjectMetadata;

/** Decides about one distribution file of a project. */
interface FileFilter {
  boolean allows(ProjectMetadata project, DistFile file);
}

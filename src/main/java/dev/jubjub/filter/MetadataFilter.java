package dev.jubjub.filter;

import dev.jubjub.pypi.ProjectMetadata;

/** Decides about a whole project once its metadata is known. */
interface MetadataFilter {
  boolean allows(ProjectMetadata project);
}

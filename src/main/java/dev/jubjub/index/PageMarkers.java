package dev.jubjub.index;

import dev.jubjub.pypi.ProjectStatus;
import java.util.Set;

/**
 * What a project's pages say beyond its files: its PEP 792 status, and which files have a PEP
 * 740 provenance object in the mirror (beside the file, under its name plus {@code .provenance}).
 *
 * @param provenance file names
 */
public record PageMarkers(ProjectStatus status, Set<String> provenance) {
  public static final PageMarkers NONE = new PageMarkers(ProjectStatus.ACTIVE, Set.of());

  public PageMarkers {
    provenance = Set.copyOf(provenance);
  }
}

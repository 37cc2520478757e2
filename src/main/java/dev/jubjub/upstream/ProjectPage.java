package dev.jubjub.upstream;

import dev.jubjub.pypi.ProjectStatus;
import java.util.Map;
import java.util.Optional;

/**
 * What only a project's PEP 691 page says, beyond the JSON API: its PEP 792 status, the sha256
 * of each file's PEP 658 core metadata and each file's PEP 740 provenance URL (as upstream wrote
 * it, checked only when fetched).
 *
 * @param serial the page's {@code _last-serial}, -1 when it gave none
 */
public record ProjectPage(
    long serial, ProjectStatus status, Map<String, String> coreMetadata, Map<String, String> provenance) {
  /** An upstream without PEP 691 project pages: active, nothing more to say. */
  public static final ProjectPage NONE = new ProjectPage(-1, ProjectStatus.ACTIVE, Map.of(), Map.of());

  public ProjectPage {
    coreMetadata = Map.copyOf(coreMetadata);
    provenance = Map.copyOf(provenance);
  }

  public Optional<String> provenance(String filename) {
    return Optional.ofNullable(provenance.get(filename));
  }
}

package dev.jubjub.pypi;

import java.util.Optional;
import java.util.Set;

/**
 * A project's PEP 792 status marker, as an index's project page gives it. A project with none is
 * active. Only {@code quarantined} changes what the mirror offers: no files at all.
 *
 * @param status one of {@code active}, {@code archived}, {@code quarantined}, {@code deprecated}
 * @param reason the index's free-text explanation, bounded, when it gave one
 */
public record ProjectStatus(String status, Optional<String> reason) {
  public static final Set<String> KNOWN = Set.of("active", "archived", "quarantined", "deprecated");
  public static final ProjectStatus ACTIVE = new ProjectStatus("active", Optional.empty());
  /** A reason is a sentence or two; a longer one would bloat every page that carries it. */
  static final int MAX_REASON = 1024;

  public ProjectStatus {
    if (!KNOWN.contains(status)) {
      throw new IllegalArgumentException("unknown project status " + ProjectName.printable(status));
    }
    // Cut, never refused: a long reason must not turn a quarantine into "active".
    reason = reason.map(r -> r.length() > MAX_REASON ? r.substring(0, MAX_REASON - 1) + "…" : r);
  }

  /**
   * The status a PEP 691 JSON page carries in {@code project-status}; active when it carries none,
   * or one this mirror does not know.
   */
  public static ProjectStatus inPage(com.fasterxml.jackson.databind.JsonNode page) {
    com.fasterxml.jackson.databind.JsonNode node = page.path("project-status");
    String value = node.path("status").asText("active");
    if (!KNOWN.contains(value)) {
      return ACTIVE;
    }
    com.fasterxml.jackson.databind.JsonNode reason = node.path("reason");
    return new ProjectStatus(value, reason.isTextual() && !reason.asText().isEmpty()
        ? Optional.of(reason.asText()) : Optional.empty());
  }

  public boolean quarantined() {
    return status.equals("quarantined");
  }

  public boolean active() {
    return status.equals("active");
  }
}

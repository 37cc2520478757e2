package dev.jubjub.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.ProjectMetadata;

/**
 * {@code regex_release_file_metadata} and {@code version_range_release_file_metadata}: rules over
 * {@code info} (the project's), {@code release} (the version) and {@code release_file} (the file's
 * JSON API entry), as bandersnatch presents them.
 */
final class FileMetadataFilter implements FileFilter {
  private final MetadataRules rules;

  FileMetadataFilter(MetadataRules rules) {
    this.rules = rules;
  }

  @Override
  public boolean allows(ProjectMetadata project, DistFile file) {
    if (rules.isEmpty()) {
      return true;
    }
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.set("info", project.json().path("info"));
    doc.put("release", file.version());
    JsonNode entry = JsonNodeFactory.instance.objectNode();
    for (JsonNode candidate : project.json().path("releases").path(file.version())) {
      if (candidate.path("filename").asText().equals(file.filename())) {
        entry = candidate;
        break;
      }
    }
    doc.set("release_file", entry);
    return rules.passes(doc);
  }
}

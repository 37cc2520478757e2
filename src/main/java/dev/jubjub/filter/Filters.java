package dev.jubjub.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.config.IniFile;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.Sha256;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The enabled filter plugins, built once from the config. A project passes when every project
 * filter allows its name and every metadata filter its metadata; its releases are those every
 * release filter keeps, and of those the files every file filter allows.
 */
public final class Filters {
  private final List<ProjectFilter> projectFilters;
  private final List<MetadataFilter> metadataFilters;
  private final List<ReleaseFilter> releaseFilters;
  private final List<FileFilter> fileFilters;
  private final String fingerprint;
  private final List<String> enabled;

  Filters(
      List<ProjectFilter> projectFilters,
      List<MetadataFilter> metadataFilters,
      List<ReleaseFilter> releaseFilters,
      List<FileFilter> fileFilters,
      String fingerprint,
      List<String> enabled) {
    this.enabled = List.copyOf(enabled);
    this.projectFilters = List.copyOf(projectFilters);
    this.metadataFilters = List.copyOf(metadataFilters);
    this.releaseFilters = List.copyOf(releaseFilters);
    this.fileFilters = List.copyOf(fileFilters);
    this.fingerprint = fingerprint;
  }

  /** No filtering at all: a full mirror. */
  public static Filters none() {
    return new Filters(List.of(), List.of(), List.of(), List.of(), "", List.of());
  }

  /**
   * Reads {@code [plugins] enabled} and each plugin's section.
   *
   * @param warnings receives one line per unknown or unsupported plugin name
   */
  public static Filters from(IniFile ini, List<String> warnings) {
    return new PluginConfig(ini, warnings).build();
  }

  /** The enabled plugins' names, as {@code [plugins] enabled} gave them. */
  public List<String> enabled() {
    return enabled;
  }

  public boolean isEmpty() {
    return projectFilters.isEmpty() && metadataFilters.isEmpty() && releaseFilters.isEmpty() && fileFilters.isEmpty();
  }

  /**
   * A digest of everything that decides what is kept: when it changes between runs, every
   * project must be looked at again, since files may now be excluded or allowed.
   */
  public String fingerprint() {
    return fingerprint;
  }

  public boolean allowsProject(String normalizedName) {
    for (ProjectFilter f : projectFilters) {
      if (!f.allows(normalizedName)) {
        return false;
      }
    }
    return true;
  }

  public boolean allowsMetadata(ProjectMetadata project) {
    for (MetadataFilter f : metadataFilters) {
      if (!f.allows(project)) {
        return false;
      }
    }
    return true;
  }

  /** The project as this mirror keeps it: filtered releases and files, JSON copy to match. */
  public ProjectMetadata apply(ProjectMetadata project) {
    if (releaseFilters.isEmpty() && fileFilters.isEmpty()) {
      return project;
    }
    Set<String> versions = new LinkedHashSet<>(project.releases().keySet());
    for (ReleaseFilter f : releaseFilters) {
      versions.retainAll(f.keep(project, Set.copyOf(versions)));
    }
    Map<String, List<DistFile>> kept = new LinkedHashMap<>();
    Set<String> keptFiles = new LinkedHashSet<>();
    for (String version : versions) {
      List<DistFile> files = new ArrayList<>();
      for (DistFile file : project.releases().get(version)) {
        if (allowsFile(project, file)) {
          files.add(file);
          keptFiles.add(file.filename());
        }
      }
      kept.put(version, List.copyOf(files));
    }
    return new ProjectMetadata(project.name(), project.lastSerial(), kept, filterJson(project.json(), versions, keptFiles));
  }

  private boolean allowsFile(ProjectMetadata project, DistFile file) {
    for (FileFilter f : fileFilters) {
      if (!f.allows(project, file)) {
        return false;
      }
    }
    return true;
  }

  /** The JSON API copy without the releases and files this mirror does not keep, as bandersnatch saves it. */
  private static JsonNode filterJson(JsonNode json, Set<String> versions, Set<String> files) {
    ObjectNode copy = json.deepCopy();
    if (copy.get("releases") instanceof ObjectNode releases) {
      List<String> drop = new ArrayList<>();
      releases.fieldNames().forEachRemaining(v -> {
        if (!versions.contains(v)) {
          drop.add(v);
        }
      });
      releases.remove(drop);
      releases.forEach(list -> removeFiles(list, files));
    }
    removeFiles(copy.get("urls"), files);
    return copy;
  }

  private static void removeFiles(JsonNode list, Set<String> keep) {
    if (list instanceof ArrayNode array) {
      for (int i = array.size() - 1; i >= 0; i--) {
        if (!keep.contains(array.get(i).path("filename").asText())) {
          array.remove(i);
        }
      }
    }
  }

  static String digest(String text) {
    return Sha256.of(text);
  }
}

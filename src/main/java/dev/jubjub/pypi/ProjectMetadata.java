package dev.jubjub.pypi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A project as the JSON API describes it: its name, serial, releases and their files, plus the
 * parsed JSON tree, kept so that the mirror's JSON copy carries everything upstream said.
 */
public record ProjectMetadata(
    ProjectName name, long lastSerial, Map<String, List<DistFile>> releases, JsonNode json) {

  public ProjectMetadata {
    releases = Map.copyOf(releases);
  }

  /** The same project with each file replaced by what {@code change} makes of it. */
  public ProjectMetadata withFiles(UnaryOperator<DistFile> change) {
    Map<String, List<DistFile>> changed = new LinkedHashMap<>();
    releases.forEach((version, files) -> changed.put(version, files.stream().map(change).toList()));
    return new ProjectMetadata(name, lastSerial, changed, json);
  }

  /** All files of all releases, sorted by file name as bandersnatch orders its pages. */
  public List<DistFile> files() {
    return releases.values().stream()
        .flatMap(List::stream)
        .sorted(Comparator.comparing(DistFile::filename))
        .toList();
  }
}

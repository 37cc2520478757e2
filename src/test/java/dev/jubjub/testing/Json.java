package dev.jubjub.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The one ObjectMapper, PyPI's time formats, and the JSON API {@code info} of generated releases. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Json() {}

  static byte[] bytes(Object tree) {
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keys as pypi.org's {@code info} has them, alphabetically, with pypi.org's empty values. */
  static ObjectNode generatedInfo(String project, ReleaseSpec spec) {
    ObjectNode info = MAPPER.createObjectNode();
    info.put("author", "Jubjub Fake");
    info.put("author_email", "fake@jubjub.invalid");
    info.putNull("bugtrack_url");
    info.set("classifiers", strings(List.of("Programming Language :: Python :: 3")));
    info.put("description", project + " is a generated project for jubjub's tests.\n");
    info.put("description_content_type", "text/markdown");
    info.putNull("docs_url");
    info.put("download_url", "");
    ObjectNode downloads = info.putObject("downloads");
    downloads.put("last_day", -1).put("last_month", -1).put("last_week", -1);
    info.putNull("dynamic");
    info.put("home_page", "");
    info.put("keywords", "");
    info.put("license", "MIT");
    info.putNull("license_expression");
    info.putNull("license_files");
    info.put("maintainer", "");
    info.put("maintainer_email", "");
    info.put("name", project);
    info.put("package_url", "https://pypi.org/project/" + project + "/");
    info.putNull("platform");
    info.put("project_url", "https://pypi.org/project/" + project + "/");
    info.putNull("project_urls");
    info.putNull("provides_extra");
    info.put("release_url", "https://pypi.org/project/" + project + "/" + spec.version() + "/");
    if (spec.requiresDist().isEmpty()) {
      info.putNull("requires_dist");
    } else {
      info.set("requires_dist", strings(spec.requiresDist()));
    }
    info.put("requires_python", spec.requiresPython() == null ? "" : spec.requiresPython());
    info.put("summary", Distributions.summary(project, spec.version()));
    info.put("version", spec.version());
    info.put("yanked", false);
    info.putNull("yanked_reason");
    return info;
  }

  /** Python's {@code datetime.isoformat() + "Z"}: microseconds only when non-zero, as PyPI prints. */
  static String isoZ(Instant time) {
    String seconds = SECONDS.format(time);
    int micros = time.getNano() / 1000;
    return micros == 0 ? seconds + "Z" : seconds + String.format(".%06dZ", micros);
  }

  /** PyPI's legacy {@code upload_time}: {@code %Y-%m-%dT%H:%M:%S}. */
  static String seconds(Instant time) {
    return SECONDS.format(time);
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = MAPPER.createArrayNode();
    values.forEach(array::add);
    return array;
  }
}

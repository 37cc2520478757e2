package dev.jubjub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.ProjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simple repository API's rules for pages (PEP 503, 629, 691, 592, 658/714, 700, 740, 792),
 * as a checker that lists every violation: keys and their types, the declared version, meta tags
 * and anchor attributes. Underscore keys are private (PEP 691) and may be anything.
 */
final class SimpleApiRules {
  static final Set<String> STATUSES = Set.of("active", "archived", "quarantined", "deprecated");
  private static final Set<String> PROJECT_KEYS =
      Set.of("meta", "name", "files", "versions", "alternate-locations", "tracks", "project-status");
  private static final Set<String> FILE_KEYS = Set.of("filename", "url", "hashes", "requires-python",
      "dist-info-metadata", "data-dist-info-metadata", "core-metadata", "gpg-sig", "yanked", "size",
      "upload-time", "provenance");
  private static final Set<String> ANCHOR_ATTRIBUTES = Set.of("href", "data-requires-python", "data-yanked",
      "data-core-metadata", "data-dist-info-metadata", "data-gpg-sig", "data-provenance");
  /** PEP 700: yyyy-mm-ddThh:mm:ss.ffffffZ, the fraction optional. */
  private static final Pattern UPLOAD_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z");
  private static final Pattern META = Pattern.compile("<meta name=\"([^\"]*)\" content=\"([^\"]*)\">");
  private static final Pattern ANCHOR = Pattern.compile("<a ([^>]*)>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");
  private static final Pattern HASH_FRAGMENT = Pattern.compile("#[a-z0-9]+=[0-9a-f]+$");
  private static final Pattern METADATA_VALUE = Pattern.compile("true|[a-z0-9]+=[0-9a-f]+");

  private final String version;
  private final List<String> violations = new ArrayList<>();

  /** @param version the {@code api-version} every page must declare */
  SimpleApiRules(String version) {
    this.version = version;
  }

  List<String> violations() {
    return violations;
  }

  private void check(boolean ok, String where, String rule) {
    if (!ok) {
      violations.add(where + ": " + rule);
    }
  }

  private void meta(JsonNode page, String where) {
    JsonNode meta = page.path("meta");
    check(meta.isObject(), where, "meta is an object");
    check(meta.path("api-version").isTextual(), where, "meta.api-version is a string");
    check(meta.path("api-version").asText().equals(version), where,
        "meta.api-version must be " + version + ", is " + meta.path("api-version"));
  }

  private void onlyKnownKeys(JsonNode node, Set<String> known, String where) {
    node.fieldNames().forEachRemaining(k -> check(known.contains(k) || k.startsWith("_"), where, "unknown key " + k));
  }

  void rootJson(JsonNode page, String where) {
    onlyKnownKeys(page, Set.of("meta", "projects"), where);
    meta(page, where);
    check(page.path("projects").isArray(), where, "projects is an array");
    for (JsonNode p : page.path("projects")) {
      check(p.path("name").isTextual(), where, "each project has a string name");
      onlyKnownKeys(p, Set.of("name"), where + " project " + p.path("name"));
    }
  }

  /** @return the project's status ("active" when none is given) and file names, to compare with the HTML page */
  Map.Entry<String, Set<String>> projectJson(JsonNode page, String where) {
    onlyKnownKeys(page, PROJECT_KEYS, where);
    meta(page, where);
    check(page.path("name").isTextual() && page.path("name").asText().equals(ProjectName.normalize(page.path("name").asText(""))),
        where, "name is the normalized name");
    check(page.path("versions").isArray(), where, "versions is an array (PEP 700, 1.1)");
    page.path("versions").forEach(v -> check(v.isTextual(), where, "versions are strings"));
    check(page.path("files").isArray(), where, "files is an array");
    Set<String> names = new TreeSet<>();
    for (JsonNode f : page.path("files")) {
      String at = where + " file " + f.path("filename");
      onlyKnownKeys(f, FILE_KEYS, at);
      check(f.path("filename").isTextual(), at, "filename is a string");
      check(f.path("url").isTextual(), at, "url is a string");
      check(f.path("hashes").isObject(), at, "hashes is an object");
      f.path("hashes").forEach(h -> check(h.isTextual() && h.asText().matches("[0-9a-f]+"), at, "hash values are hex"));
      check(f.path("size").isIntegralNumber() && f.path("size").asLong() >= 0, at, "size is a non-negative integer (PEP 700)");
      if (f.has("upload-time")) {
        check(f.path("upload-time").isTextual() && UPLOAD_TIME.matcher(f.path("upload-time").asText()).matches(), at,
            "upload-time is yyyy-mm-ddThh:mm:ss.ffffffZ (PEP 700)");
      }
      if (f.has("requires-python")) {
        check(f.path("requires-python").isTextual() || f.path("requires-python").isNull(), at, "requires-python is a string or null");
      }
      if (f.has("yanked")) {
        check(f.path("yanked").isBoolean() || f.path("yanked").isTextual(), at, "yanked is a boolean or a reason (PEP 592)");
      }
      for (String key : List.of("core-metadata", "data-dist-info-metadata", "dist-info-metadata", "gpg-sig")) {
        if (f.has(key)) {
          check(f.path(key).isBoolean() || (f.path(key).isObject() && !key.equals("gpg-sig")), at, key + " is a boolean or hashes");
        }
      }
      if (f.has("provenance")) {
        check(f.path("provenance").isTextual() || f.path("provenance").isNull(), at, "provenance is a URL or null (PEP 740)");
      }
      names.add(f.path("filename").asText());
    }
    String status = "active";
    if (page.has("project-status")) {
      JsonNode s = page.path("project-status");
      check(s.isObject(), where, "project-status is an object (PEP 792)");
      check(STATUSES.contains(s.path("status").asText()), where, "project-status.status is a known status");
      if (s.has("reason")) {
        check(s.path("reason").isTextual(), where, "project-status.reason is a string");
      }
      onlyKnownKeys(s, Set.of("status", "reason"), where + " project-status");
      status = s.path("status").asText();
    }
    if (status.equals("quarantined")) {
      check(names.isEmpty(), where, "a quarantined project offers no files (PEP 792)");
    }
    return Map.entry(status, names);
  }

  private Map<String, String> metas(String html, String where) {
    Map<String, String> metas = new java.util.HashMap<>();
    Matcher m = META.matcher(html);
    while (m.find()) {
      check(metas.put(m.group(1), m.group(2)) == null, where, "one meta " + m.group(1));
    }
    check(html.startsWith("<!DOCTYPE html>"), where, "an HTML5 document");
    check(version.equals(metas.get("pypi:repository-version")), where,
        "pypi:repository-version must be " + version + ", is " + metas.get("pypi:repository-version") + " (PEP 629)");
    return metas;
  }

  void rootHtml(String html, String where) {
    Map<String, String> metas = metas(html, where);
    check(!metas.containsKey("pypi:project-status"), where, "no project status in the root index");
  }

  /** @return the status and the file names (anchor texts), as {@link #projectJson} */
  Map.Entry<String, Set<String>> projectHtml(String html, String where) {
    Map<String, String> metas = metas(html, where);
    String status = metas.getOrDefault("pypi:project-status", "active");
    check(STATUSES.contains(status), where, "pypi:project-status is a known status (PEP 792)");
    check(!metas.containsKey("pypi:project-status-reason") || metas.containsKey("pypi:project-status"), where,
        "a reason only with a status");
    Set<String> names = new TreeSet<>();
    Matcher a = Pattern.compile("<a ([^>]*)>([^<]*)</a>").matcher(html);
    while (a.find()) {
      String at = where + " anchor " + a.group(2);
      Matcher attribute = ATTRIBUTE.matcher(a.group(1));
      Map<String, String> attributes = new java.util.HashMap<>();
      while (attribute.find()) {
        attributes.put(attribute.group(1), attribute.group(2));
      }
      attributes.keySet().forEach(k -> check(ANCHOR_ATTRIBUTES.contains(k), at, "unknown attribute " + k));
      check(attributes.containsKey("href") && HASH_FRAGMENT.matcher(attributes.get("href")).find(), at,
          "href with a hash fragment");
      for (String key : List.of("data-core-metadata", "data-dist-info-metadata")) {
        if (attributes.containsKey(key)) {
          check(METADATA_VALUE.matcher(attributes.get(key)).matches(), at, key + " is true or <hash>=<hex> (PEP 714)");
        }
      }
      if (attributes.containsKey("data-provenance")) {
        check(!attributes.get("data-provenance").isEmpty(), at, "data-provenance is a URL (PEP 740)");
      }
      names.add(a.group(2));
    }
    if (status.equals("quarantined")) {
      check(names.isEmpty(), where, "a quarantined project offers no files (PEP 792)");
    }
    check(!ANCHOR.matcher(html).find() || !names.isEmpty(), where, "anchors are links to files");
    return Map.entry(status, names);
  }
}

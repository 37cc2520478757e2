package dev.jubjub.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A project's JSON API copy as a mirror keeps it ({@code web/json/<name>} and {@code
 * web/pypi/<name>/json}), with the fields search reads; written straight into a mirror tree.
 */
record ProjectCopy(String name, String version, String summary, String description, String keywords,
    List<String> classifiers, String author, String uploadTime, String homePage) {

  static ProjectCopy of(String name, String summary) {
    return new ProjectCopy(name, "1.0", summary, "", "", List.of(), "", "2024-05-06T07:08:09.000000Z", "");
  }

  ProjectCopy withHomePage(String url) {
    return new ProjectCopy(name, version, summary, description, keywords, classifiers, author, uploadTime, url);
  }

  ProjectCopy withDescription(String text) {
    return new ProjectCopy(name, version, summary, text, keywords, classifiers, author, uploadTime, homePage);
  }

  ProjectCopy withVersion(String v) {
    return new ProjectCopy(name, v, summary, description, keywords, classifiers, author, uploadTime, homePage);
  }

  ProjectCopy withKeywords(String k) {
    return new ProjectCopy(name, version, summary, description, k, classifiers, author, uploadTime, homePage);
  }

  ProjectCopy withClassifiers(List<String> c) {
    return new ProjectCopy(name, version, summary, description, keywords, c, author, uploadTime, homePage);
  }

  ProjectCopy withAuthor(String a) {
    return new ProjectCopy(name, version, summary, description, keywords, classifiers, a, uploadTime, homePage);
  }

  String normalized() {
    return ProjectName.normalize(name.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^-+|-+$", ""));
  }

  byte[] json() throws IOException {
    ObjectNode root = JsonApiParser.MAPPER.createObjectNode();
    ObjectNode info = root.putObject("info");
    info.put("name", name);
    info.put("version", version);
    info.put("summary", summary);
    info.put("description", description);
    info.put("keywords", keywords);
    info.put("author", author);
    info.put("home_page", homePage);
    info.putObject("project_urls");
    ArrayNode cls = info.putArray("classifiers");
    classifiers.forEach(cls::add);
    root.put("last_serial", 1);
    ObjectNode file = JsonApiParser.MAPPER.createObjectNode();
    file.put("filename", normalized() + "-" + version + ".tar.gz");
    file.put("upload_time_iso_8601", uploadTime);
    file.put("url", "https://files.example.org/packages/aa/bb/" + normalized() + "-" + version + ".tar.gz");
    root.putObject("releases").putArray(version).add(file.deepCopy());
    root.putArray("urls").add(file);
    root.putArray("vulnerabilities");
    return JsonApiParser.MAPPER.writeValueAsBytes(root);
  }

  /** Writes both copies, and the files that make the directory a mirror to the commands. */
  void writeTo(Path mirror) throws IOException {
    byte[] json = json();
    Path copy = mirror.resolve("web/json/" + normalized());
    Files.createDirectories(copy.getParent());
    Files.write(copy, json);
    Path pypi = mirror.resolve("web/pypi/" + normalized() + "/json");
    Files.createDirectories(pypi.getParent());
    Files.write(pypi, json);
    Path simple = mirror.resolve("web/simple/index.html");
    if (!Files.exists(simple)) {
      Files.createDirectories(simple.getParent());
      Files.writeString(simple, "<!DOCTYPE html>\n<html><body></body></html>\n");
      Files.writeString(mirror.resolve("status"), "1\n");
      Files.writeString(mirror.resolve("generation"), "5");
    }
  }

  static void remove(Path mirror, String normalized) throws IOException {
    Files.deleteIfExists(mirror.resolve("web/json/" + normalized));
    Files.deleteIfExists(mirror.resolve("web/pypi/" + normalized + "/json"));
  }
}

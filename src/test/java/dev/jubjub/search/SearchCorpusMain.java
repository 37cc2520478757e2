package dev.jubjub.search;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jubjub.pypi.JsonApiParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a mirror tree of N projects' JSON copies for bench/search, the same bytes for the same
 * seed: names built from common package-name words, summaries, keywords, classifiers, authors,
 * and descriptions of 2-4 KB whose words follow a Zipf law over a 20,000-word vocabulary (so the
 * term dictionary grows as real text makes it grow). Only what the index reads is written:
 * {@code web/json/<name>}, plus the files that make the directory a mirror.
 *
 * <p>{@code SearchCorpusMain DIRECTORY PROJECTS [SEED]}; prints the names to {@code
 * DIRECTORY/names.txt} for the load generator.
 */
public final class SearchCorpusMain {
  private static final String[] PARTS = ("py django flask aws azure google cloud sdk client server api http json yaml"
      + " xml async fast simple tiny micro data frame table sql orm redis kafka s3 auth oauth jwt log logging test"
      + " pytest mock tools utils helper plugin ext extension cli config env parser lint format type types stub"
      + " ml torch tensor vision nlp text image audio video geo time date math stats plot chart graph net socket"
      + " web scraper crawl queue task worker cache store db mongo postgres mysql sqlite docker k8s kube terraform"
      + " ansible git github gitlab slack discord telegram bot email mail pdf csv excel zip crypto hash secure").split(" ");
  private static final String[] CLASSIFIERS = {
      "Development Status :: 3 - Alpha", "Development Status :: 4 - Beta", "Development Status :: 5 - Production/Stable",
      "Intended Audience :: Developers", "Intended Audience :: Science/Research", "Intended Audience :: System Administrators",
      "License :: OSI Approved :: MIT License", "License :: OSI Approved :: Apache Software License",
      "License :: OSI Approved :: BSD License", "Operating System :: OS Independent", "Operating System :: POSIX :: Linux",
      "Programming Language :: Python :: 3", "Programming Language :: Python :: 3.9", "Programming Language :: Python :: 3.10",
      "Programming Language :: Python :: 3.11", "Programming Language :: Python :: 3.12", "Programming Language :: Python :: 3.13",
      "Framework :: Django", "Framework :: Flask", "Framework :: Pytest", "Framework :: AsyncIO",
      "Topic :: Software Development :: Libraries", "Topic :: Internet :: WWW/HTTP", "Topic :: Scientific/Engineering",
      "Topic :: Scientific/Engineering :: Artificial Intelligence", "Topic :: System :: Networking",
      "Topic :: Database", "Topic :: Utilities", "Typing :: Typed", "Natural Language :: English"};
  private static final String[] FIRST = "Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj Olivia Peggy Rupert Sybil Trent Victor Walter".split(" ");
  private static final String[] LAST = "Smith Jones Brown Garcia Miller Davis Wilson Moore Taylor Thomas Lee Martin Clark Lewis Walker Young King".split(" ");
  private static final String[] SYLLABLES = "ka lo mi ne ru sa te vo pi da fe go hu ji ze ba co li mo nu pa qui re si tu va we xi yo zu an en in on un ar er or ur al el il ol".split(" ");
  private final SplittableRandom random;
  private final String[] vocabulary;
  private final double[] zipf;

  private SearchCorpusMain(long seed) {
    random = new SplittableRandom(seed);
    vocabulary = new String[20_000];
    Set<String> seen = new HashSet<>(List.of(PARTS));
    System.arraycopy(PARTS, 0, vocabulary, 0, PARTS.length);
    for (int i = PARTS.length; i < vocabulary.length; i++) {
      String w;
      do {
        StringBuilder b = new StringBuilder();
        int n = 2 + random.nextInt(3);
        for (int s = 0; s < n; s++) {
          b.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        w = b.toString();
      } while (!seen.add(w));
      vocabulary[i] = w;
    }
    zipf = new double[vocabulary.length];
    double sum = 0;
    for (int i = 0; i < zipf.length; i++) {
      sum += 1.0 / (i + 1);
      zipf[i] = sum;
    }
    for (int i = 0; i < zipf.length; i++) {
      zipf[i] /= sum;
    }
  }

  private String word() {
    int i = java.util.Arrays.binarySearch(zipf, random.nextDouble());
    return vocabulary[i >= 0 ? i : Math.min(-i - 1, vocabulary.length - 1)];
  }

  private String words(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : " ").append(word());
    }
    return b.toString();
  }

  private String name(Set<String> taken) {
    while (true) {
      int parts = 1 + random.nextInt(3);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < parts; i++) {
        b.append(i == 0 ? "" : random.nextInt(4) == 0 ? "_" : "-");
        b.append(random.nextInt(3) == 0 ? word() : PARTS[random.nextInt(PARTS.length)]);
      }
      String name = b.toString();
      if (taken.add(name.replace('_', '-'))) {
        return random.nextInt(10) == 0 ? Character.toUpperCase(name.charAt(0)) + name.substring(1) : name;
      }
    }
  }

  private String description(String name, String summary) {
    StringBuilder d = new StringBuilder("# ").append(name).append("\n\n").append(summary).append("\n\n");
    int target = 2048 + random.nextInt(2048);
    while (d.length() < target) {
      switch (random.nextInt(6)) {
        case 0 -> d.append("## ").append(words(2 + random.nextInt(3))).append("\n\n");
        case 1 -> d.append("```python\nimport ").append(name.replace('-', '_')).append("\n").append(word())
            .append(" = ").append(name.replace('-', '_')).append(".").append(word()).append("()\n```\n\n");
        default -> d.append(words(20 + random.nextInt(60))).append(".\n\n");
      }
    }
    return d.toString();
  }

  private void writeProject(Path json, String name) throws IOException {
    String summary = words(6 + random.nextInt(10));
    try (OutputStream out = Files.newOutputStream(json.resolve(dev.jubjub.pypi.ProjectName.normalize(name)));
        JsonGenerator g = JsonApiParser.MAPPER.createGenerator(out)) {
      String version = random.nextInt(5) + "." + random.nextInt(30) + "." + random.nextInt(10);
      String uploaded = Instant.ofEpochSecond(1_262_304_000L + random.nextLong(500_000_000L)).toString();
      g.writeStartObject();
      g.writeObjectFieldStart("info");
      g.writeStringField("name", name);
      g.writeStringField("version", version);
      g.writeStringField("summary", summary);
      g.writeStringField("description", description(name, summary));
      g.writeStringField("description_content_type", "text/markdown");
      g.writeStringField("keywords", words(3 + random.nextInt(4)));
      g.writeStringField("author", FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)]);
      g.writeStringField("home_page", "https://github.com/" + word() + "/" + name);
      g.writeObjectFieldStart("project_urls");
      g.writeStringField("Documentation", "https://" + name + ".readthedocs.io/");
      g.writeEndObject();
      g.writeArrayFieldStart("classifiers");
      int c = 3 + random.nextInt(6);
      for (int i = 0; i < c; i++) {
        g.writeString(CLASSIFIERS[random.nextInt(CLASSIFIERS.length)]);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeNumberField("last_serial", 1 + random.nextInt(30_000_000));
      g.writeObjectFieldStart("releases");
      g.writeArrayFieldStart(version);
      file(g, name, version, uploaded);
      g.writeEndArray();
      g.writeEndObject();
      g.writeArrayFieldStart("urls");
      file(g, name, version, uploaded);
      g.writeEndArray();
      g.writeArrayFieldStart("vulnerabilities");
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void file(JsonGenerator g, String name, String version, String uploaded) throws IOException {
    g.writeStartObject();
    String filename = name.replace('-', '_') + "-" + version + "-py3-none-any.whl";
    g.writeStringField("filename", filename);
    g.writeStringField("packagetype", "bdist_wheel");
    g.writeNumberField("size", 12345);
    g.writeStringField("upload_time", uploaded.substring(0, 19));
    g.writeStringField("upload_time_iso_8601", uploaded);
    g.writeStringField("url", "https://files.pythonhosted.org/packages/00/11/" + filename);
    g.writeEndObject();
  }

  public static void main(String[] args) throws IOException {
    Path mirror = Path.of(args[0]);
    int projects = Integer.parseInt(args[1]);
    SearchCorpusMain corpus = new SearchCorpusMain(args.length > 2 ? Long.parseLong(args[2]) : 42);
    Path json = Files.createDirectories(mirror.resolve("web/json"));
    Files.createDirectories(mirror.resolve("web/simple"));
    Files.writeString(mirror.resolve("web/simple/index.html"), "<!DOCTYPE html>\n<html><body></body></html>\n");
    Files.writeString(mirror.resolve("status"), "1\n");
    Files.writeString(mirror.resolve("generation"), "5");
    Set<String> taken = new HashSet<>();
    List<String> names = new ArrayList<>(projects);
    for (int i = 0; i < projects; i++) {
      String name = corpus.name(taken);
      names.add(name);
      corpus.writeProject(json, name);
    }
    Files.write(mirror.resolve("names.txt"), names);
  }
}

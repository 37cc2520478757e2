package dev.jubjub.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCommandTest {
  @TempDir Path home;

  private record Run(int exit, String out, String err) {}

  private Run index(Path config) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    var stdout = new ByteArrayOutputStream();
    var stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int exit = Main.run("index", "-c", config.toString());
      return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private Path config(String extra) throws Exception {
    return Files.writeString(home.resolve("bandersnatch.conf"), """
        [mirror]
        directory = %s
        json = true
        %s
        """.formatted(home.resolve("mirror"), extra));
  }

  @Test
  void buildsTheIndexBesideWebAndSummarizes() throws Exception {
    ProjectCopy.of("requests", "HTTP for Humans").writeTo(home.resolve("mirror"));
    ProjectCopy.of("flask", "A micro framework").writeTo(home.resolve("mirror"));
    Files.writeString(home.resolve("mirror/web/json/broken"), "[");
    Files.writeString(home.resolve("mirror/web/json/garbled"), "{\"info\": b");

    Run run = index(config(""));

    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("jubjub index finished in", "projects: 2 indexed", "2 unreadable",
        "broken: unreadable JSON copy", "web/json/broken", "jubjub sync broken fetches it again",
        "garbled: unreadable JSON copy", "web/json/garbled", "at line 1, column").doesNotContain("REDACTED");
    Path directory = home.resolve("mirror/.jubjub-search");
    assertThat(directory.resolve("current")).exists();
    try (ProjectSearch search = new ProjectSearch(directory, Duration.ZERO)) {
      assertThat(search.search("humans", 1, 10, true, false).hits()).extracting(SearchResults.Hit::normalized)
          .containsExactly("requests");
    }
  }

  @Test
  void aDeletedProjectLeavesTheIndex() throws Exception {
    ProjectCopy.of("requests", "HTTP for Humans").writeTo(home.resolve("mirror"));
    Path config = config("");
    assertThat(index(config).exit()).isZero();

    assertThat(Main.run("delete", "-c", config.toString(), "requests")).isZero();

    try (ProjectSearch search = new ProjectSearch(home.resolve("mirror/.jubjub-search"), Duration.ZERO)) {
      assertThat(search.search("humans", 1, 10, true, false).hits()).isEmpty();
    }
  }

  /** Sets what the index's last commit records of its schema, as an older jubjub's (or a fixed one). */
  private void recordSchema(java.util.Map<String, String> data) throws Exception {
    Path generation = new SearchIndex(home.resolve("mirror/.jubjub-search")).current().orElseThrow();
    try (var dir = org.apache.lucene.store.FSDirectory.open(generation);
        var writer = new org.apache.lucene.index.IndexWriter(dir, new org.apache.lucene.index.IndexWriterConfig())) {
      writer.setLiveCommitData(data.entrySet());
      writer.commit();
    }
  }

  @Test
  void projectsAnIndexUpdateMissedAreIndexedByTheNextRunOrARebuild() throws Exception {
    ProjectCopy.of("requests", "HTTP for Humans").writeTo(home.resolve("mirror"));
    ProjectCopy.of("flask", "A micro framework for humans").writeTo(home.resolve("mirror"));
    Path config = config("");
    assertThat(index(config).exit()).isZero();
    Path pending = home.resolve("mirror/.jubjub-search-pending");

    recordSchema(java.util.Map.of()); // the index cannot be updated now
    assertThat(Main.run("delete", "-c", config.toString(), "requests")).isZero();
    assertThat(pending).hasContent("requests");

    recordSchema(java.util.Map.of(Schema.VERSION_KEY, Schema.VERSION)); // and now it can again
    assertThat(Main.run("delete", "-c", config.toString(), "flask")).isZero();
    assertThat(pending).doesNotExist();
    try (ProjectSearch search = new ProjectSearch(home.resolve("mirror/.jubjub-search"), Duration.ZERO)) {
      assertThat(search.search("humans", 1, 10, true, false).hits()).isEmpty();
    }

    ProjectCopy.of("django", "The web framework for perfectionists").writeTo(home.resolve("mirror"));
    recordSchema(java.util.Map.of());
    assertThat(Main.run("delete", "-c", config.toString(), "django")).isZero();
    assertThat(pending).hasContent("django");
    assertThat(index(config).exit()).isZero();
    assertThat(pending).doesNotExist();
  }

  @Test
  void anIndexDirectoryInsideWebOrRelativeIsRefused() throws Exception {
    Run inWeb = index(config("[search]\nindex-directory = " + home.resolve("mirror/web/../web/search") + "\n"));
    assertThat(inWeb.exit()).isEqualTo(2);
    assertThat(inWeb.err()).contains("inside web/");
    Run relative = index(config("[search]\nindex-directory = relative/search\n"));
    assertThat(relative.exit()).isEqualTo(2);
    assertThat(relative.err()).contains("must be an absolute path");
    assertThat(home.resolve("mirror/web/search")).doesNotExist();
  }

  @Test
  void aMirrorInObjectStorageNeedsALocalIndexDirectory() throws Exception {
    Run run = index(config("storage-backend = s3\n[s3]\nendpoint_url = http://127.0.0.1:1\n"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("[search] index-directory is required");
  }

  @Test
  void theIndexDirectoryCanBeSetAndAnUnknownKeyIsNamed() throws Exception {
    ProjectCopy.of("requests", "HTTP for Humans").writeTo(home.resolve("mirror"));
    Path elsewhere = home.resolve("elsewhere");
    Path config = config("[search]\nindex-directory = " + elsewhere + "\nindex-dir = typo\n");
    var warnings = new java.util.ArrayList<String>();
    dev.jubjub.config.SearchConfig.from(new dev.jubjub.config.ConfigLoader().load(java.util.Optional.of(config)), warnings);
    assertThat(warnings).singleElement().asString().endsWith(":6: unknown option 'index-dir' in [search]");
    Run run = index(config);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(elsewhere.resolve("current")).exists();
    assertThat(home.resolve("mirror/.jubjub-search")).doesNotExist();
  }
}

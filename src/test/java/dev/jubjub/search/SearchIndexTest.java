package dev.jubjub.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexTest {
  @TempDir Path home;

  private Path mirror() {
    return home.resolve("mirror");
  }

  private SearchIndex index() {
    return new SearchIndex(home.resolve("search"));
  }

  private ProjectSearch searcher() {
    return new ProjectSearch(home.resolve("search"), Duration.ZERO);
  }

  private static List<String> names(ProjectSearch search, String query) throws SearchUnavailableException {
    return search.search(query, 1, 50, true, false).hits().stream().map(SearchResults.Hit::normalized).toList();
  }

  private SearchIndex.RebuildReport rebuild() throws Exception {
    try (Storage storage = FileSystemStorage.forReading(mirror())) {
      return index().rebuild(storage, new IndexProgress(), 4);
    }
  }

  private SearchIndex.UpdateReport update(String... names) throws Exception {
    try (Storage storage = FileSystemStorage.forReading(mirror())) {
      return index().update(storage, List.of(names));
    }
  }

  @Test
  void buildsFromTheJsonCopiesWithEveryIndexedField() throws Exception {
    ProjectCopy.of("Requests", "Python HTTP for Humans.").withKeywords("urllib3 sessions")
        .withClassifiers(List.of("Framework :: Zope")).withAuthor("Kenneth Reitz")
        .withDescription("Requests is an elegant and simple HTTP library.")
        .withHomePage("https://docs.python-requests.org").writeTo(mirror());
    ProjectCopy.of("numpy", "Fundamental package for array computing").writeTo(mirror());
    Files.writeString(mirror().resolve("web/json/.requests.tmp123"), "partial");

    SearchIndex.RebuildReport report = rebuild();

    assertThat(report.projects()).isEqualTo(2);
    assertThat(report.failed()).isZero();
    try (ProjectSearch search = searcher()) {
      for (String q : List.of("humans", "urllib3", "zope", "reitz", "elegant", "docs.python-requests.org")) {
        assertThat(names(search, q)).as(q).containsExactly("requests");
      }
      SearchResults.Hit hit = search.search("requests", 1, 10, true, false).hits().getFirst();
      assertThat(hit.name()).isEqualTo("Requests");
      assertThat(hit.version()).isEqualTo("1.0");
      assertThat(hit.uploaded()).hasToString("2024-05-06T07:08:09Z");
    }
  }

  @Test
  void aRebuildSwapsInANewGenerationAndDropsTheOld() throws Exception {
    ProjectCopy.of("alpha", "first letter").writeTo(mirror());
    Path first = rebuild().generation();
    try (ProjectSearch search = searcher()) {
      assertThat(names(search, "alpha")).containsExactly("alpha");
      ProjectCopy.of("beta", "second letter").writeTo(mirror());
      Path second = rebuild().generation();

      assertThat(second).isNotEqualTo(first);
      assertThat(first).doesNotExist();
      assertThat(Files.readString(home.resolve("search/current")).strip()).isEqualTo(second.getFileName().toString());
      assertThat(names(search, "letter")).containsExactlyInAnyOrder("alpha", "beta");
    }
  }

  @Test
  void searchersSeeTheOldIndexUntilTheNewOneIsComplete() throws Exception {
    for (int i = 0; i < 20; i++) {
      ProjectCopy.of("old-" + i, "common words").writeTo(mirror());
    }
    rebuild();
    for (int i = 0; i < 20; i++) {
      ProjectCopy.remove(mirror(), "old-" + i);
      ProjectCopy.of("new-" + i, "common words").writeTo(mirror());
    }
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    try (ProjectSearch search = searcher(); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<SearchIndex.RebuildReport> rebuilding = pool.submit(() -> {
        try (Storage storage = new PausingStorage(FileSystemStorage.forReading(mirror()), 10, halfway, resume)) {
          return index().rebuild(storage, new IndexProgress(), 1);
        }
      });
      assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(names(search, "common")).hasSize(20).allMatch(n -> n.startsWith("old-"));
      resume.countDown();
      assertThat(rebuilding.get(30, TimeUnit.SECONDS).projects()).isEqualTo(20);
      assertThat(names(search, "common")).hasSize(20).allMatch(n -> n.startsWith("new-"));
    }
  }

  @Test
  void anUpdateReadsOnlyTheNamedProjectsAndRemovesThoseWithoutACopy() throws Exception {
    ProjectCopy.of("changed", "before the change").writeTo(mirror());
    ProjectCopy.of("gone", "about to be removed").writeTo(mirror());
    ProjectCopy.of("untouched", "before the change").writeTo(mirror());
    rebuild();
    ProjectCopy.of("changed", "after the change").withVersion("2.0").writeTo(mirror());
    ProjectCopy.remove(mirror(), "gone");
    ProjectCopy.of("fresh", "after the change").writeTo(mirror());
    // Changed on disk but not named: an update must not read it (its cost is the names given).
    ProjectCopy.of("untouched", "after the change").writeTo(mirror());

    SearchIndex.UpdateReport report = update("changed", "Gone", "FRESH");

    assertThat(report).isEqualTo(new SearchIndex.UpdateReport(2, 1, 0, false));
    try (ProjectSearch search = searcher()) {
      assertThat(names(search, "after")).containsExactlyInAnyOrder("changed", "fresh");
      assertThat(names(search, "before")).containsExactly("untouched");
      assertThat(names(search, "removed")).isEmpty();
      assertThat(search.search("changed", 1, 1, true, false).hits().getFirst().version()).isEqualTo("2.0");
    }
  }

  @Test
  void requestsArrivingTogetherAtStartAllWaitForTheIndexToOpen() throws Exception {
    ProjectCopy.of("one", "first").writeTo(mirror());
    rebuild();
    try (ProjectSearch search = new ProjectSearch(home.resolve("search"));
        var pool = Executors.newFixedThreadPool(16)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(pool.submit(() -> {
          go.await();
          return names(search, "first");
        }));
      }
      go.countDown();
      for (Future<List<String>> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).containsExactly("one");
      }
    }
  }

  @Test
  void aServerSeesUpdatesWithoutReopening() throws Exception {
    ProjectCopy.of("one", "first").writeTo(mirror());
    rebuild();
    try (ProjectSearch search = searcher()) {
      assertThat(names(search, "second")).isEmpty();
      ProjectCopy.of("two", "second").writeTo(mirror());
      update("two");
      assertThat(names(search, "second")).containsExactly("two");
    }
  }

  @Test
  void anIndexOfAnotherSchemaIsNeitherSearchedNorUpdatedButRebuilt() throws Exception {
    ProjectCopy.of("one", "first").writeTo(mirror());
    Path generation = rebuild().generation();
    // What an index built before the schema was recorded holds: a commit without the version.
    try (var dir = org.apache.lucene.store.FSDirectory.open(generation);
        var writer = new org.apache.lucene.index.IndexWriter(dir, new org.apache.lucene.index.IndexWriterConfig())) {
      writer.setLiveCommitData(java.util.Map.of("other", "x").entrySet());
      writer.commit();
    }

    try (ProjectSearch search = searcher()) {
      assertThatThrownBy(() -> search.search("first", 1, 10, true, false))
          .isInstanceOf(SearchUnavailableException.class)
          .hasMessageContaining("index schema 1, this one reads " + Schema.VERSION)
          .hasMessageContaining("run jubjub index");
      assertThatThrownBy(() -> update("one")).isInstanceOf(SearchIndexException.class)
          .hasMessageContaining("run jubjub index");
      rebuild();
      assertThat(names(search, "first")).containsExactly("one");
      assertThat(update("one").indexed()).isEqualTo(1);
    }
  }

  @Test
  void aFailedRebuildLeavesNoHalfBuiltIndexAndAnUpdateClearsWhatAKilledOneLeft() throws Exception {
    ProjectCopy.of("one", "first").writeTo(mirror());
    ProjectCopy.of("two", "second").writeTo(mirror());
    Path good = rebuild().generation();
    try (Storage storage = new ForwardingStorage(FileSystemStorage.forReading(mirror())) {
      @Override
      public Optional<byte[]> readIfExists(String path) throws IOException {
        if (path.endsWith("/two")) {
          throw new IOException("disk read error");
        }
        return super.readIfExists(path);
      }
    }) {
      assertThatThrownBy(() -> index().rebuild(storage, new IndexProgress(), 1)).isInstanceOf(IOException.class);
    }
    Path killed = Files.createDirectories(home.resolve("search/index-20260101T000000-0badf00d"));
    Files.writeString(killed.resolve("_0.cfs"), "left by a kill -9");
    try (var left = Files.list(home.resolve("search"))) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("index-")))
          .containsExactlyInAnyOrder(good, killed);
    }
    update("one");
    try (var left = Files.list(home.resolve("search"))) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("index-"))).containsExactly(good);
    }
  }

  @Test
  void anUpdateWithoutAnIndexBuildsNoPartialOne() throws Exception {
    ProjectCopy.of("one", "first").writeTo(mirror());
    assertThat(update("one").noIndex()).isTrue();
    assertThat(index().exists()).isFalse();
    try (ProjectSearch search = searcher()) {
      assertThatThrownBy(() -> search.search("one", 1, 10, true, false))
          .isInstanceOf(SearchUnavailableException.class).hasMessageContaining("run jubjub index");
    }
  }

  @Test
  void anUnreadableCopyIsCountedAndTheRestIndexed() throws Exception {
    ProjectCopy.of("good", "fine").writeTo(mirror());
    Files.writeString(mirror().resolve("web/json/bad"), "{\"info\": [tru");
    Files.writeString(mirror().resolve("web/json/empty"), "{}");

    SearchIndex.RebuildReport report = rebuild();

    assertThat(report.projects()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(2);
    assertThat(report.failures()).anyMatch(f -> f.startsWith("bad: unreadable JSON copy"));
    assertThat(update("bad", "good")).isEqualTo(new SearchIndex.UpdateReport(1, 0, 1, false));
  }

  /** Storage that stops after {@code after} reads until released: a rebuild caught in the middle. */
  private static final class PausingStorage extends ForwardingStorage {
    private final CountDownLatch halfway;
    private final CountDownLatch resume;
    private int reads;
    private final int after;

    PausingStorage(Storage inner, int after, CountDownLatch halfway, CountDownLatch resume) {
      super(inner);
      this.after = after;
      this.halfway = halfway;
      this.resume = resume;
    }

    @Override
    public synchronized Optional<byte[]> readIfExists(String path) throws IOException {
      if (++reads == after) {
        halfway.countDown();
        try {
          resume.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return super.readIfExists(path);
    }
  }
}

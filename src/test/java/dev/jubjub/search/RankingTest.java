package dev.jubjub.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.Storage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankingTest {
  @TempDir static Path home;
  static ProjectSearch search;

  @BeforeAll
  static void index() throws Exception {
    Path mirror = home.resolve("mirror");
    ProjectCopy.of("Foo.Bar_baz", "A small library").writeTo(mirror);
    // Says "foo bar baz" many times, in every text field, but is not named so.
    String noise = "foo bar baz foo-bar-baz ".repeat(30);
    ProjectCopy.of("chatter", "foo bar baz, foo bar baz, foo-bar-baz").withKeywords(noise).withDescription(noise)
        .writeTo(mirror);
    ProjectCopy.of("requests", "HTTP for humans").writeTo(mirror);
    ProjectCopy.of("requests-oauthlib", "OAuth for requests").writeTo(mirror);
    ProjectCopy.of("httpclient-requests-helper", "requests requests requests, all about requests").withDescription(
        "requests ".repeat(200)).writeTo(mirror);
    ProjectCopy.of("django", "The web framework").writeTo(mirror);
    ProjectCopy.of("quiet", "Says little").withDescription("filler words go on here. ".repeat(20)
        + "The needle is here, in the middle of a long description. " + "more filler follows. ".repeat(200))
        .writeTo(mirror);
    ProjectCopy.of("django-rest-framework", "Web APIs for Django").writeTo(mirror);
    ProjectCopy.of("flask", "A micro web framework; unlike django, it is small").withDescription(
        "django django django".repeat(50)).writeTo(mirror);
    try (Storage storage = FileSystemStorage.forReading(mirror)) {
      new SearchIndex(home.resolve("search")).rebuild(storage, new IndexProgress(), 2);
    }
    search = new ProjectSearch(home.resolve("search"), Duration.ZERO);
  }

  @AfterAll
  static void close() throws Exception {
    search.close();
  }

  private static List<String> ranked(String query) throws SearchUnavailableException {
    return search.search(query, 1, 20, true, false).hits().stream().map(SearchResults.Hit::normalized).toList();
  }

  @Test
  void anExcludedWordBindsTheNameMatchesToo() throws Exception {
    assertThat(ranked("django -django")).isEmpty();
    assertThat(ranked("Foo.Bar_baz -foo")).isEmpty();
    assertThat(ranked("django -rest")).contains("django", "flask").doesNotContain("django-rest-framework");
    assertThat(ranked("-django")).contains("requests", "quiet")
        .doesNotContain("django", "django-rest-framework", "flask");
    assertThat(ranked("-")).isEmpty();
  }

  @Test
  void fuzzyTermsAreWordsNotExpansions() throws Exception {
    // As fuzzy terms, these expanded past Lucene's clause limit (a 500, and pip crashed on it).
    assertThat(ranked("aa~2 ae~2 ai~2 ao~2 au~2 ba~2 be~2")).isEmpty();
    assertThat(ranked("djang~1")).isEmpty(); // no near spelling found
  }

  @Test
  void anyNameSpellingFindsTheProjectFirst() throws Exception {
    for (String q : List.of("Foo.Bar_baz", "foo-bar-baz", "foo bar baz", "FOO_BAR.BAZ", "foo__bar--baz")) {
      assertThat(ranked(q)).as(q).first().isEqualTo("foo-bar-baz");
    }
  }

  @Test
  void theExactNameRanksAboveNamesThatContainItAndTheseAboveTextMatches() throws Exception {
    assertThat(ranked("requests")).containsExactly("requests", "requests-oauthlib", "httpclient-requests-helper");
    assertThat(ranked("django")).startsWith("django", "django-rest-framework").endsWith("flask");
  }

  @Test
  void aPrefixOfANameFindsIt() throws Exception {
    assertThat(ranked("reque")).startsWith("requests", "requests-oauthlib").contains("httpclient-requests-helper");
    assertThat(ranked("django-re")).first().isEqualTo("django-rest-framework");
    assertThat(ranked("Foo.Ba")).first().isEqualTo("foo-bar-baz");
  }

  @Test
  void allWordsMustMatchInTheSearchBoxAndAnyInXmlRpcOr() throws Exception {
    assertThat(ranked("humans oauth")).isEmpty();
    assertThat(search.search("humans oauth", 1, 20, false, false).hits())
        .extracting(SearchResults.Hit::normalized).containsExactlyInAnyOrder("requests", "requests-oauthlib");
  }

  @Test
  void matchesAreMarkedInNameSummaryAndDescription() throws Exception {
    SearchResults.Hit flask = search.search("flask small", 1, 20, true, true).hits().getFirst();
    assertThat(flask.nameMarked()).containsExactly(new SearchResults.Segment("flask", true));
    assertThat(flask.summaryMarked()).contains(new SearchResults.Segment("small", true));
    SearchResults.Hit helper = search.search("requests", 1, 20, true, true).hits().getLast();
    assertThat(helper.nameMarked()).contains(new SearchResults.Segment("requests", true));
    assertThat(helper.snippet()).as("the name explains the match").isEmpty();
    SearchResults.Hit quiet = search.search("needles", 1, 20, true, true).hits().getFirst();
    assertThat(quiet.summaryMarked()).containsExactly(new SearchResults.Segment("Says little", false));
    assertThat(quiet.snippet()).contains(new SearchResults.Segment("needle", true));
    assertThat(quiet.snippet().getFirst().text()).isEqualTo("… ");
    assertThat(quiet.snippet().getLast().text()).isEqualTo(" …");
    assertThat(quiet.snippet().stream().mapToInt(s -> s.text().length()).sum()).isLessThan(Marker.SNIPPET_CHARS + 30);
    SearchResults.Hit prefix = search.search("djan", 1, 20, true, true).hits().getFirst();
    assertThat(prefix.nameMarked()).containsExactly(new SearchResults.Segment("django", true));
  }

  @Test
  void pagesSplitTheResultsAndHostileQueriesFindNothingRatherThanFail() throws Exception {
    SearchResults second = search.search("web", 2, 2, true, false);
    assertThat(second.total()).isEqualTo(3);
    assertThat(second.pages()).isEqualTo(2);
    assertThat(second.hits()).hasSize(1);
    for (String q : List.of("", "   ", "\"unclosed", "*", "-", "((((", "a".repeat(5000), "\u0000\uFFFF\uD800")) {
      assertThat(search.search(q, 1, 20, true, true).hits()).as(q).isNotNull();
    }
  }
}

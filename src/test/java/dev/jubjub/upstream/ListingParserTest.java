package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListingParserTest {
  private static final URI URL = URI.create("http://127.0.0.1/simple/");

  static Listing parse(String json) throws UpstreamException {
    return ListingParser.parse(URL, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void oneBadEntryIsSkippedAndEveryLaterOneIsRead() throws Exception {
    Listing listing = parse("""
        {"meta": {"_last-serial": [1, 2], "api-version": "1.1"},
         "projects": [
           {"name": "first", "_last-serial": 1},
           {"name": ["evil", {"deep": [1]}], "_last-serial": 2},
           {"name": "arrayserial", "_last-serial": [3, {"x": 4}]},
           {"name": "objectserial", "_last-serial": {"a": [5]}},
           {"name": "huge", "_last-serial": 1000000000000000000000000000000},
           {"name": "negative", "_last-serial": -4},
           {"name": "extra", "_last-serial": 6, "other": {"nested": [[{}]]}},
           [1, 2, 3],
           "just a string",
           {"name": "last", "_last-serial": "7"}
         ]}
        """);
    assertThat(listing.projects()).containsOnlyKeys("first", "extra", "last");
    assertThat(listing.serial()).isEqualTo(7);
  }

  @Test
  void aListingWithoutValidEntriesIsAnErrorNotAnEmptyUpstream() {
    assertThatThrownBy(() -> parse("{\"projects\": [{\"name\": [\"x\"], \"_last-serial\": 1}]}"))
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("no valid entries");
    assertThatThrownBy(() -> parse("{\"meta\": {}}")).hasMessageContaining("no projects array");
    assertThatThrownBy(() -> parse("{\"projects\": [{\"name\": \"a\", \"_last-serial\": 1}")).hasMessageContaining("malformed");
  }

  @Test
  void namesAreKeyedNormalizedKeepingTheHighestSerialOfTwoSpellings() throws Exception {
    Listing listing = parse("""
        {"projects": [{"name": "Foo.Bar", "_last-serial": 3}, {"name": "foo-bar", "_last-serial": 9},
                      {"name": "Zope_Interface", "_last-serial": 4}]}
        """);
    assertThat(listing.projects()).containsOnlyKeys("foo-bar", "zope-interface");
    assertThat(listing.projects().get("foo-bar").serial()).isEqualTo(9);
    assertThat(listing.projects().get("zope-interface").name().display()).isEqualTo("Zope_Interface");
  }

  @Test
  void entriesNotOfInterestAreCountedAndGiveTheSerialButAreNotKept() throws Exception {
    Listing listing = ListingParser.parse(URL, """
        {"meta": {"_last-serial": 5},
         "projects": [{"name": "Wanted.One", "_last-serial": 3}, {"name": "other", "_last-serial": 9},
                      {"name": "bad name", "_last-serial": 10}, {"name": "wanted-one", "_last-serial": 4}]}
        """.getBytes(StandardCharsets.UTF_8), name -> name.startsWith("wanted"));
    assertThat(listing.projects()).containsOnlyKeys("wanted-one");
    assertThat(listing.projects().get("wanted-one").serial()).isEqualTo(4);
    assertThat(listing.serial()).isEqualTo(9);
    assertThat(listing.listed()).isEqualTo(3);
  }
}

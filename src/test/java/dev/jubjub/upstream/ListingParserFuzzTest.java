package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.testing.Fuzzing;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.util.Map;

/**
 * Any body upstream sends as the PEP 691 listing. Seeds: {@code ListingParserFuzzTestInputs/}.
 * Fuzz for real: {@code JAZZER_FUZZ=1 ./mvnw -B test -Dtest=ListingParserFuzzTest}.
 */
class ListingParserFuzzTest {
  private static final URI URL = URI.create("http://127.0.0.1/simple/");

  @BeforeAll
  static void quiet() {
    Fuzzing.quiet(ListingParser.class, true);
  }

  @AfterAll
  static void loud() {
    Fuzzing.quiet(ListingParser.class, false);
  }

  @FuzzTest(maxDuration = "60s")
  void anyBodyGivesAListingOfValidEntriesOrAnUpstreamException(byte[] body) {
    long start = System.nanoTime();
    Listing listing = null;
    try {
      listing = ListingParser.parse(URL, body);
      assertValid(listing, Long.MAX_VALUE);
    } catch (UpstreamException e) {
      assertThat(e.url()).isEqualTo(URL);
    }
    // The serial a server answers for its listing is the one a mirror parsing it takes, or none.
    try {
      long serial = ListingParser.serial(URL, body);
      assertThat(listing).as("serial read where the listing is refused").isNotNull();
      assertThat(serial).isEqualTo(listing.serial());
    } catch (UpstreamException e) {
      assertThat(listing).as("serial refused where the listing is read").isNull();
    }
    Fuzzing.assertInTime(start);
  }

  /** What the planner relies on: keys are the entries' normalized names, serials in range. */
  static void assertValid(Listing listing, long maxSerial) {
    assertThat(listing.serial()).isBetween(0L, maxSerial);
    for (Map.Entry<String, Listing.Entry> e : listing.projects().entrySet()) {
      assertThat(ProjectName.isNormalized(e.getKey())).as(e.getKey()).isTrue();
      assertThat(e.getValue().name().normalized()).isEqualTo(e.getKey());
      assertThat(e.getValue().serial()).isBetween(0L, listing.serial());
    }
  }
}

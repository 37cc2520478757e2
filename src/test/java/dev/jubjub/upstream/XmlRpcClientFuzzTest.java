package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jubjub.testing.Fuzzing;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any answer to {@code list_packages_with_serial}. Seeds: {@code XmlRpcClientFuzzTestInputs/}.
 * Fuzz for real: {@code JAZZER_FUZZ=1 ./mvnw -B test -Dtest=XmlRpcClientFuzzTest}.
 */
class XmlRpcClientFuzzTest {
  private static final URI ENDPOINT = URI.create("http://127.0.0.1/pypi");
  /** The parser takes at most 18 digits. */
  private static final long MAX_SERIAL = 999_999_999_999_999_999L;

  @BeforeAll
  static void quiet() {
    Fuzzing.quiet(XmlRpcClient.class, true);
  }

  @AfterAll
  static void loud() {
    Fuzzing.quiet(XmlRpcClient.class, false);
  }

  @FuzzTest(maxDuration = "60s")
  void anyAnswerGivesAListingOfValidEntriesOrAnUpstreamException(byte[] body) {
    long start = System.nanoTime();
    try {
      ListingParserFuzzTest.assertValid(XmlRpcClient.parseListing(ENDPOINT, body), MAX_SERIAL);
    } catch (UpstreamException e) {
      assertThat(e.url()).isEqualTo(ENDPOINT);
    }
    Fuzzing.assertInTime(start);
  }
}

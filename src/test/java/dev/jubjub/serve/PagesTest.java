package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PagesTest {
  @Test
  void anEtagNamesTheBytesNotOnlyTheirTimeAndLength() {
    // A page rewritten with the next serial of as many digits, read just as the sync renamed it
    // into place, has the old page's time and length.
    long time = 1_750_000_000_000L;
    Pages.Document old = new Pages.Document("<!--SERIAL 1234-->".getBytes(StandardCharsets.UTF_8), time);
    Pages.Document next = new Pages.Document("<!--SERIAL 1235-->".getBytes(StandardCharsets.UTF_8), time);
    assertThat(next.etag("h")).isNotEqualTo(old.etag("h"));
    assertThat(new Pages.Document(old.body().clone(), time).etag("h")).isEqualTo(old.etag("h"));
    assertThat(old.etag("h")).isNotEqualTo(old.etag("j"));
  }
}

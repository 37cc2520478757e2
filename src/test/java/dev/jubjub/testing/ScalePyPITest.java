package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ScalePyPITest {
  @Test
  void namesSerialsListingDocumentsFilesAndChurn() throws Exception {
    try (ScalePyPI fake = ScalePyPI.start(1000, 0)) {
      assertThat(fake.normalizedName(7)).isEqualTo("scale-000007");
      assertThat(fake.displayName(7)).isEqualTo("Scale-000007");
      assertThat(fake.displayName(19)).isEqualTo("scale.000019");
      assertThat(fake.index("SCALE_000019")).isEqualTo(19);
      assertThat(fake.index("scale-001000")).isEqualTo(-1);

      JsonNode listing = TestHttp.json(TestHttp.get(fake.baseUri().resolve("simple/"), SimpleApi.JSON));
      assertThat(listing.get("projects")).hasSize(1000);
      assertThat(listing.get("meta").get("_last-serial").asLong()).isEqualTo(1000);
      assertThat(listing.get("projects").get(31).get("name").asText()).isEqualTo("Scale_000031");
      assertThat(listing.get("projects").get(31).get("_last-serial").asLong()).isEqualTo(32);

      JsonNode doc = TestHttp.json(TestHttp.get(fake.baseUri().resolve("pypi/Scale_000031/json")));
      assertThat(doc.get("last_serial").asLong()).isEqualTo(32);
      assertThat(doc.get("releases").get("1.0")).hasSize(2);
      JsonNode file = doc.get("urls").get(0);
      var got = TestHttp.get(URI.create(file.get("url").asText()));
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(Digests.sha256(got.body())).isEqualTo(file.get("digests").get("sha256").asText());
      assertThat((long) got.body().length).isEqualTo(file.get("size").asLong());
      assertThat(TestHttp.get(fake.baseUri().resolve("simple/scale-000031/")).statusCode()).isEqualTo(200);

      assertThat(fake.churn(10, 0)).isEqualTo(1010);
      assertThat(fake.serial(100)).isEqualTo(1002);
      JsonNode after = TestHttp.json(TestHttp.get(fake.baseUri().resolve("simple/"), SimpleApi.JSON));
      assertThat(after.get("projects").get(100).get("_last-serial").asLong()).isEqualTo(1002);
      assertThat(TestHttp.json(TestHttp.get(fake.baseUri().resolve("pypi/scale-000100/json"))).get("releases").size())
          .isEqualTo(2);
    }
  }
}

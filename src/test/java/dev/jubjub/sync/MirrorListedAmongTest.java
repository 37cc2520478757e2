package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.pypi.ProjectName;
import dev.jubjub.upstream.Listing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The removal guard keeps, past planning, only which local projects upstream lists, so that the
 * listing (880,000 entries at PyPI) is garbage before the sync starts.
 */
class MirrorListedAmongTest {
  @Test
  void keepsOnlyTheLocalProjectsTheListingNames() {
    Listing listing = new Listing(9, Map.of(
        "alpha", new Listing.Entry(ProjectName.of("Alpha"), 3),
        "beta", new Listing.Entry(ProjectName.of("beta"), 5),
        "upstream-only", new Listing.Entry(ProjectName.of("upstream.only"), 9)));

    assertThat(Mirror.listedAmong(List.of("alpha", "beta", "gone"), listing)).containsExactlyInAnyOrder("alpha", "beta");
    assertThat(Mirror.listedAmong(List.of(), listing)).isEmpty();
  }
}

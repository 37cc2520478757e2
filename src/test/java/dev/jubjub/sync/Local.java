package dev.jubjub.sync;

import dev.jubjub.filter.Filters;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.upstream.RetryPolicy;
import dev.jubjub.upstream.Upstream;
import java.time.Duration;
import java.util.Optional;

/** The settings in-process sync tests use against the fake PyPI on loopback. */
final class Local {
  private Local() {}

  static Upstream.Settings settings(FakePyPI fake) {
    return settings(fake.baseUri());
  }

  static Upstream.Settings settings(java.net.URI upstream) {
    return new Upstream.Settings(
        upstream, Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(60),
        Optional.empty(), false, RetryPolicy.DEFAULT, Optional.empty());
  }

  /** 3 workers, delete-packages, JSON copies, release files, hash compare, every page format. */
  static SyncOptions options(boolean coreMetadata) {
    return new SyncOptions(
        3, false, false, true, true, true, coreMetadata, SyncOptions.CompareMethod.HASH,
        SyncOptions.SimpleFormat.ALL, Optional.empty(), Optional.empty(), false, false, 0, Filters.none(), ReleaseAge.off());
  }
}

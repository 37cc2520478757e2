package dev.jubjub.cli;

import dev.jubjub.sync.SyncOptions;
import dev.jubjub.sync.SyncStats;
import dev.jubjub.sync.Verifier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jubjub verify}: re-hash, repair, and find (or remove) files no project links. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Re-hash every file against upstream's metadata (on S3: the sha256 recorded at upload, or"
        + " every byte with --rehash), fetch missing or corrupt ones again, rewrite missing pages, and list"
        + " (or --delete) files no project links.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--delete", description = "remove files that no project links")
  boolean delete;

  @Option(names = "--dry-run", description = "report only; change nothing")
  boolean dryRun;

  @Option(names = "--workers", paramLabel = "N", description = "projects checked at once (default, or 0: [mirror] verifiers)")
  Integer workers;

  @Option(names = "--rehash", description = "on S3, download and re-hash every object instead of trusting the"
      + " sha256 recorded with it at upload (a local mirror is always re-hashed)")
  boolean rehash;

  @Option(names = "--json-update", description = "accepted for bandersnatch's cron lines: jubjub's verify always"
      + " reads upstream's current metadata and rewrites the JSON copies from it")
  boolean jsonUpdate;

  @Override
  public Integer call() {
    return common.runOnMirror("verify", (cfg, upstream, storage, options) -> {
      // bandersnatch's [mirror] verifiers is verify's concurrency there too.
      SyncOptions effective = options.withWorkers(workers != null && workers > 0 ? workers : cfg.verifiers());
      Verifier verifier = new Verifier(upstream, storage, effective, rehash, common::confirm);
      SyncStats s;
      try (ProgressDisplay progress = common.progress(verifier.stats())) {
        s = verifier.run(delete, dryRun);
      }
      if (common.quiet && s.failures().isEmpty()) {
        return ExitCodes.OK;
      }
      verifier.unowned().stream().limit(50).forEach(p -> System.out.println(
          (delete && !dryRun ? "removed unowned " : delete ? "would remove unowned " : "unowned ") + storage.describe(p)));
      double seconds = Math.max(s.elapsedSeconds(), 0.001);
      long checked = s.filesCurrent() + s.filesDownloaded();
      System.out.printf("jubjub verify%s finished in %.1f s%n", dryRun ? " (dry run)" : "", s.elapsedSeconds());
      System.out.printf("  projects: %d checked, %d failed%n", s.projectsDone() - s.failures().size(), s.failures().size());
      System.out.printf("  files:    %d checked (%.0f files/s), %d %s, %d core metadata files %s%n", checked,
          checked / seconds, s.filesDownloaded(), dryRun ? "missing or corrupt" : "repaired",
          s.metadataDownloaded(), dryRun ? "not checked" : "fetched again");
      System.out.printf("  unowned:  %d found, %d %s, %s freed%n", s.filesUnowned(),
          delete && dryRun ? s.filesUnowned() : s.filesDeleted(), delete && dryRun ? "would be removed" : "removed",
          Summary.bytes(s.bytesFreed()));
      s.failures().stream().limit(15).forEach(f -> System.out.println("    " + f.reason()));
      return s.failures().isEmpty() ? ExitCodes.OK : ExitCodes.SYNC_ERRORS;
    });
  }
}

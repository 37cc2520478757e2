package dev.jubjub.cli;

import dev.jubjub.sync.Mirror;
import dev.jubjub.sync.SyncStats;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jubjub mirror}: the full or incremental sync, bandersnatch's main job. */
@Command(
    name = "mirror",
    mixinStandardHelpOptions = true,
    description = "Sync the mirror with upstream: everything on the first run, then what changed.")
final class MirrorCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--force-check", description = "check every project upstream lists, whatever the serials say,"
      + " as bandersnatch's --force-check (its status set to 0): pages and JSON copies are fetched again, files"
      + " already present are verified, not downloaded")
  boolean forceCheck;

  @Override
  public Integer call() {
    return common.withMirror("mirror", m -> m.mirror(forceCheck));
  }

  interface Job {
    SyncStats run(Mirror mirror) throws Exception;
  }
}

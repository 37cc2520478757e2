package dev.jubjub.cli;

import dev.jubjub.sync.Mirror;
import dev.jubjub.sync.SyncStats;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jubjub mirror}: the full or incremental sync, bandersnatch's main job. */
@Command(
    name = "mirror",
    mixinStandardHelpOptions = true,
    description = "Sync the mirror with upstream: everything on the first run, then what changed.")
final class MirrorCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    return common.withMirror("mirror", Mirror::mirror);
  }

  interface Job {
    SyncStats run(Mirror mirror) throws Exception;
  }
}

package dev.jubjub.cli;

import dev.jubjub.pypi.ProjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jubjub sync PROJECT…}: sync these projects now, whatever the serials say. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Sync only the named projects, now, whatever the serials say.")
final class SyncCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "PROJECT", description = "project names")
  List<String> projects = new ArrayList<>();

  @Override
  public Integer call() {
    List<ProjectName> names = CommonOptions.projectNames(projects);
    if (names == null) {
      return ExitCodes.USAGE;
    }
    return common.withMirror("sync", m -> m.sync(names));
  }
}

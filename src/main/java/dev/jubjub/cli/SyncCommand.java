package dev.jubjub.cli;

import dev.jubjub.pypi.ProjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jubjub sync PROJECT…}: sync these projects now, whatever the serials say. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Sync only the named projects, now, whatever the serials say.")
final class SyncCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--skip-simple-root", description = "leave the root index (simple/index.html) as it is, as"
      + " bandersnatch's option: for many sync calls in a row, the last one without it")
  boolean skipSimpleRoot;

  @Parameters(arity = "1..*", paramLabel = "PROJECT", description = "project names")
  List<String> projects = new ArrayList<>();

  @Override
  public Integer call() {
    List<ProjectName> names = CommonOptions.projectNames(projects);
    if (names == null) {
      return ExitCodes.USAGE;
    }
    return common.withMirror("sync", m -> m.sync(names, !skipSimpleRoot));
  }
}
